/**
 * ZeroTier network rules (flow rules): the model ({@link dev.orbital.protocol.rules.Rule}, a sealed
 * interface with one record per action and match type, plus a byte-exact record for unknown types),
 * the binary form carried in a network config's "R" key and in capabilities ({@link
 * dev.orbital.protocol.rules.RuleCodec}), the controller's JSON form as plain maps and lists
 * ({@link dev.orbital.protocol.rules.RuleJson}), and the evaluator that decides per Ethernet frame
 * whether to drop, accept, copy (TEE/WATCH) or redirect it, with the semantics of stock 1.14.1's
 * {@code _doZtFilter}: base rules first, then the sender's capabilities ({@link
 * dev.orbital.protocol.rules.RuleEvaluator}). Everything here is pure: no I/O, clock or logging;
 * randomness for MATCH_RANDOM is injected.
 */
package dev.orbital.protocol.rules;
