{{/* Name of the release's objects: <release>-orbital, or the release name if it contains "orbital". */}}
{{- define "orbital.fullname" -}}
{{- if contains "orbital" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-orbital" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "orbital.labels" -}}
app.kubernetes.io/name: orbital
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "orbital.selector" -}}
app.kubernetes.io/name: orbital
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An Orbital image: <repository>/<program>:<tag or appVersion>. */}}
{{- define "orbital.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.repository .program (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "orbital.kafka" -}}
{{- if .Values.kafka.bootstrapServers -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else -}}
{{- printf "%s-kafka:9092" (include "orbital.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, for every container but the node's. */}}
{{- define "orbital.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "orbital.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsUser }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "orbital.pullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The public half of a secret identity: address:0:public (the private part dropped). */}}
{{- define "orbital.publicIdentity" -}}
{{- $parts := splitList ":" . -}}
{{- printf "%s:%s:%s" (index $parts 0) (index $parts 1) (index $parts 2) -}}
{{- end -}}

{{/* Checks across values that the schema cannot express. */}}
{{- define "orbital.validate" -}}
{{- $roots := int .Values.root.replicas -}}
{{- if ne (len .Values.root.endpoints) $roots -}}
{{- fail (printf "root.endpoints: %d given, root.replicas is %d: list one endpoint per root" (len .Values.root.endpoints) $roots) -}}
{{- end -}}
{{- if and (gt $roots 1) (ne (len .Values.root.identities) $roots) -}}
{{- fail (printf "root.identities: %d given, root.replicas is %d: with several roots each one's identity must be in the world, so give one per root (./orbital secrets values N prints them)" (len .Values.root.identities) $roots) -}}
{{- end -}}
{{- if and (eq $roots 1) (gt (len .Values.root.identities) 1) -}}
{{- fail (printf "root.identities: %d given, root.replicas is 1" (len .Values.root.identities)) -}}
{{- end -}}
{{- if and (gt $roots 1) (not .Values.world.signingKey) -}}
{{- fail "world.signingKey: required with several roots, so that all serve the same signed world (./orbital secrets values N prints one)" -}}
{{- end -}}
{{- if and .Values.controller.identity (not .Values.controller.existingSecret) (not .Values.controller.apiToken) -}}
{{- fail "controller.apiToken: required with controller.identity, so that every replica and every upgrade keeps the same token (./orbital secrets values N prints both)" -}}
{{- end -}}
{{- if and .Values.node.enabled (eq (len .Values.node.networks) 0) -}}
{{- fail "node.networks: the node DaemonSet is enabled but joins no network" -}}
{{- end -}}
{{- end -}}

{{/* URL of the roots' world (planet or moon) inside the cluster: any ready root serves the same one. */}}
{{- define "orbital.worldUrl" -}}
{{- printf "http://%s-root:8080/world/planet" (include "orbital.fullname" .) -}}
{{- end -}}

{{/* An init container that fetches the roots' world into the "world" volume (/world/planet) before
the program starts, as ./orbital up does; it waits for a ready root. The controller and the relay
find the roots in it, the node uses it as its planet. */}}
{{- define "orbital.worldInit" -}}
- name: world
  image: {{ include "orbital.image" (dict "root" .root "program" .program) }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  command: ["curl", "-fsS", "--retry", "60", "--retry-delay", "2", "--retry-all-errors", "--max-time", "10", "-o", "/world/planet", {{ include "orbital.worldUrl" .root | quote }}]
  {{- if .securityContext }}
  securityContext:
    {{- .securityContext | nindent 4 }}
  {{- end }}
  resources:
    requests: {cpu: 10m, memory: 16Mi}
    limits: {memory: 64Mi}
  volumeMounts:
    - {name: world, mountPath: /world}
{{- end -}}

{{/*
The Secret with the controller's identity and the API token ("identity", "authtoken"): the chart's
or controller.existingSecret. The root and the relay take the same token for their admin endpoints.
*/}}
{{- define "orbital.controllerSecret" -}}
{{- default (printf "%s-controller" (include "orbital.fullname" .)) .Values.controller.existingSecret -}}
{{- end }}
