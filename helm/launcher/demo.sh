#!/usr/bin/env bash
# ./orbital demo, after `./orbital up`: two Orbital nodes in two network namespaces join one network,
# get authorized through the controller's REST API and ping each other over their TAP devices.
#
#   host ── veth ── <prefix>-a (node A)        the nodes reach the root (and through it the
#        └─ veth ── <prefix>-b (node B)        controller and each other) at its planet endpoint
#
# Everything it creates (namespaces with their veths and TAPs, node processes, node homes, the network) is removed
# on the way out, failed or not; the services `up` started keep running (./orbital down stops them).
# Run by ./orbital, which hands over: ORBITAL_DEMO_HOME, ORBITAL_DEMO_API, ORBITAL_DEMO_TOKEN,
# ORBITAL_DEMO_PLANET, ORBITAL_DEMO_NODE_JAR, ORBITAL_DEMO_ROOT (the root's endpoint address).
set -euo pipefail

HOME_DIR=${ORBITAL_DEMO_HOME:?run through ./orbital demo}
API=${ORBITAL_DEMO_API:?}
TOKEN=${ORBITAL_DEMO_TOKEN:?}
PLANET=${ORBITAL_DEMO_PLANET:?}
NODE_JAR=${ORBITAL_DEMO_NODE_JAR:?}
ROOT_ADDRESS=${ORBITAL_DEMO_ROOT:?}
TIMEOUT=${ORBITAL_DEMO_TIMEOUT:-60}
NODE_PORT=9993

say() { printf 'orbital demo: %s\n' "$*"; }
fail() {
  printf 'orbital demo: FAILED: %s\n' "$*" >&2
  exit 1
}

# Unique per run, so that two demos (or a demo and a test) never share a name; at most 15 characters
# with the "-a" suffix, the limit of an interface name (the host end of each veth is named as its
# namespace).
PREFIX=orbdemo-$(printf '%04x' $((RANDOM % 65536)))
NAMESPACES=()
declare -A NODE_PID=()
NWID=

# --- clean-up, whatever happened --------------------------------------------------------------------

stop_node() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? name ns
  trap - EXIT INT TERM
  for name in "${!NODE_PID[@]}"; do
    stop_node "${NODE_PID[$name]}"
  done
  # Deleting a namespace deletes its veth pair and the node's TAP with it.
  for ns in "${NAMESPACES[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  if [[ -n $NWID ]]; then
    api DELETE "/controller/network/$NWID" >/dev/null 2>&1 || say "could not delete network $NWID"
  fi
  if ((status != 0)); then
    say "node logs kept in $HOME_DIR"
  else
    rm -rf "$HOME_DIR"
  fi
  say "cleaned up (nodes stopped, namespaces ${NAMESPACES[*]:-none} deleted${NWID:+, network $NWID deleted})"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the lab: one namespace per node, a veth to the host -----------------------------------------------

[[ $ROOT_ADDRESS != 127.* ]] ||
  fail "the root's endpoint is $ROOT_ADDRESS, which a namespace cannot reach; set ORBITAL_ENDPOINT to this host's address and run ./orbital down, then ./orbital demo"

# A 10.<n>.0.0/16 this host does not use: veths in 10.<n>.<i>.0/30, the virtual network 10.<n>.100.0/24.
free_net() {
  local used n attempt
  used=$(ip -4 -o addr show)
  for ((attempt = 0; attempt < 50; attempt++)); do
    n=$((100 + RANDOM % 100))
    [[ $used == *" 10.$n."* ]] || {
      echo "$n"
      return
    }
  done
  fail "no free 10.x.0.0/16 for the demo's links"
}
NET=$(free_net)

add_namespace() {
  local name=$1 index=$2 ns=$PREFIX-$1
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  ip link add "$ns" type veth peer name uplink netns "$ns"
  ip addr add "10.$NET.$index.1/30" dev "$ns"
  ip link set "$ns" up
  ip -n "$ns" addr add "10.$NET.$index.2/30" dev uplink
  ip -n "$ns" link set uplink up
  # The root's address is this host's own: the host answers it on the veth, no forwarding needed.
  ip -n "$ns" route add default via "10.$NET.$index.1"
}

# --- the nodes ----------------------------------------------------------------------------------------

start_node() {
  local name=$1 ns=$PREFIX-$1 home=$HOME_DIR/$1
  mkdir -p "$home"
  # ip netns exec and setsid exec in place: $! is the node's JVM itself.
  ip netns exec "$ns" setsid java "-Dorbital.demo=$ns" -jar "$NODE_JAR" daemon --home "$home" \
    --port "$NODE_PORT" --planet "$PLANET" >"$HOME_DIR/$name.log" 2>&1 </dev/null &
  NODE_PID[$name]=$!
}

# GET on a node's local API, from inside its namespace (it listens on that namespace's 127.0.0.1).
node_api() {
  local name=$1 path=$2 home=$HOME_DIR/$1
  [[ -s $home/authtoken.secret && -s $home/zerotier-one.port ]] || return 1
  ip netns exec "$PREFIX-$name" curl -fsS --max-time 2 -H "X-ZT1-Auth: $(<"$home/authtoken.secret")" \
    "http://127.0.0.1:$(<"$home/zerotier-one.port")$path" 2>/dev/null
}

node_address() { node_api "$1" /status | grep -o '"address":"[0-9a-f]\{10\}"' | cut -d'"' -f4; }

# The node's IPv4 address on the network, once its config arrived and its TAP is set up.
node_ipv4() {
  local name=$1 nwid=$2
  node_api "$name" "/network/$nwid" | grep '"status":"OK"' |
    grep -o '"assignedAddresses":\["[0-9.]*/' | grep -o '[0-9.]*[0-9]'
}

# Polls "$@" until it succeeds and prints something; fails naming what it waited for.
await() {
  local what=$1 deadline=$((SECONDS + TIMEOUT)) out name
  shift
  until out=$("$@") && [[ -n $out ]]; do
    ((SECONDS < deadline)) || fail "no $what after ${TIMEOUT}s (logs: $HOME_DIR)"
    for name in "${!NODE_PID[@]}"; do
      kill -0 "${NODE_PID[$name]}" 2>/dev/null || fail "node $name exited; its log: $HOME_DIR/$name.log"
    done
    sleep 0.5
  done
  echo "$out"
}

# --- the controller's REST API -------------------------------------------------------------------------

api() {
  local method=$1 path=$2 body=${3:-}
  curl -fsS --max-time 10 -X "$method" -H "X-ZT1-Auth: $TOKEN" -H 'Content-Type: application/json' \
    ${body:+-d "$body"} "$API$path"
}

# Authorizes a member; prints "yes" once the controller holds it authorized.
authorized() {
  api POST "/controller/network/$1/member/$2" '{"authorized":true}' | grep -q '"authorized":true' && echo yes
}

ping_once() { ip netns exec "$PREFIX-$1" ping -n -c 1 -W 1 "$2" >/dev/null 2>&1 && echo yes; }

# --- the demo -----------------------------------------------------------------------------------------

mkdir -p "$HOME_DIR"
say "namespaces $PREFIX-a and $PREFIX-b, linked to this host by veth (10.$NET.1.0/30, 10.$NET.2.0/30)"
add_namespace a 1
add_namespace b 2

NWID=$(api POST /controller/network \
  "{\"name\":\"demo\",\"private\":true,\"v4AssignMode\":{\"zt\":true},\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.$NET.100.1\",\"ipRangeEnd\":\"10.$NET.100.254\"}],\"routes\":[{\"target\":\"10.$NET.100.0/24\"}]}" |
  grep -o '"id":"[0-9a-f]\{16\}"' | cut -d'"' -f4) || fail "the controller did not create the network"
[[ -n $NWID ]] || fail "the controller answered without a network ID"
say "network $NWID created (private, pool 10.$NET.100.1-254)"

start_node a
start_node b
declare -A ADDRESS=()
for name in a b; do
  ADDRESS[$name]=$(await "local API of node $name" node_address "$name")
  say "node $name is ${ADDRESS[$name]} (PID ${NODE_PID[$name]}, namespace $PREFIX-$name)"
done

for name in a b; do
  ip netns exec "$PREFIX-$name" java -cp "$NODE_JAR" dev.orbital.node.Main -D"$HOME_DIR/$name" \
    join "$NWID" >/dev/null || fail "node $name could not join $NWID"
  await "authorization of member ${ADDRESS[$name]}" authorized "$NWID" "${ADDRESS[$name]}" >/dev/null
  say "node $name joined $NWID, authorized through POST /controller/network/$NWID/member/${ADDRESS[$name]}"
done

declare -A IP=()
for name in a b; do
  IP[$name]=$(await "IPv4 address on node $name's TAP" node_ipv4 "$name" "$NWID")
  say "node $name has ${IP[$name]} on its TAP"
done

# The first packets set up the path between the nodes (through the root, then direct): wait for one
# answer, then show three.
await "answer from ${IP[b]}" ping_once a "${IP[b]}" >/dev/null
say "ping from node a ($PREFIX-a) to node b over the virtual network:"
ip netns exec "$PREFIX-a" ping -n -c 3 -i 0.5 -W 2 "${IP[b]}" || fail "ping from ${IP[a]} to ${IP[b]} lost packets"
say "OK: ${ADDRESS[a]} (${IP[a]}) and ${ADDRESS[b]} (${IP[b]}) talk over network $NWID"
