{{/* The chart's name: nameOverride, or the chart's own. */}}
{{- define "cqrs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
What the release's resource names start with: fullnameOverride; nothing when the release is named after the
chart (release cqrs-backbone: Deployment orders); otherwise the release name (release blue: blue-orders).
*/}}
{{- define "cqrs.prefix" -}}
{{- if .Values.fullnameOverride -}}{{ .Values.fullnameOverride | trimSuffix "-" }}
{{- else if ne .Release.Name (include "cqrs.name" .) -}}{{ .Release.Name }}
{{- end -}}
{{- end -}}

{{/* Resource name of one app (or of the release's own resources, named after the chart): <prefix>-<app>. */}}
{{- define "cqrs.fullname" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
{{- $prefix := include "cqrs.prefix" $root -}}
{{- if and $prefix (eq $app (include "cqrs.name" $root)) -}}{{ $prefix | trunc 63 | trimSuffix "-" }}
{{- else if $prefix -}}{{ printf "%s-%s" $prefix $app | trunc 63 | trimSuffix "-" }}
{{- else -}}{{ $app | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "cqrs.labels" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
app.kubernetes.io/part-of: {{ include "cqrs.name" $root }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
{{ include "cqrs.selectorLabels" (list $root $app) }}
{{- end -}}

{{- define "cqrs.selectorLabels" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
app.kubernetes.io/name: {{ $app }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{- define "cqrs.image" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
{{- $img := $root.Values.image -}}
{{- $digest := get ($img.digests | default dict) $app -}}
{{- if $digest -}}{{ printf "%s/%s%s@%s" $img.registry $img.repositoryPrefix $app $digest -}}
{{- else -}}{{ printf "%s/%s%s:%s" $img.registry $img.repositoryPrefix $app (default $root.Chart.AppVersion $img.tag) -}}{{- end -}}
{{- end -}}

{{- define "cqrs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "cqrs.fullname" (list . (include "cqrs.name" .))) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{/* The Kafka connection from the Secret: shared by the apps and the topic bootstrap Job. */}}
{{- define "cqrs.kafkaEnv" -}}
- name: KAFKA_BROKERS
  valueFrom: { secretKeyRef: { name: {{ .Values.kafka.secretName }}, key: {{ .Values.kafka.keys.bootstrapServers }} } }
- name: KAFKA_SSL
  value: {{ .Values.kafka.ssl | quote }}
{{- if .Values.kafka.saslMechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .Values.kafka.saslMechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom: { secretKeyRef: { name: {{ .Values.kafka.secretName }}, key: {{ .Values.kafka.keys.saslUsername }} } }
- name: KAFKA_SASL_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ .Values.kafka.secretName }}, key: {{ .Values.kafka.keys.saslPassword }} } }
{{- end }}
{{- end -}}

{{/* Does the archive binding need a writable path in this app's sidecar? */}}
{{- define "cqrs.localArchive" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
{{- $archive := $root.Values.dapr.components.archive -}}
{{- if and (eq $archive.type "localstorage") (has $app $archive.scopes) }}true{{ end -}}
{{- end -}}

{{/*
The pod template of a one-off tool Job (topic bootstrap, replay): an app image (which holds dist/tools),
the Kafka and MongoDB settings from the Secrets, the chart's pod security. Takes a dict: root, name,
imageApp, command (list), env (map of extra variables).
*/}}
{{- define "cqrs.toolPodTemplate" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "cqrs.labels" (list $root .name) | nindent 4 }}
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
  containers:
    - name: {{ .name }}
      image: {{ include "cqrs.image" (list $root .imageApp) }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      command: {{ toJson .command }}
      env:
        {{- include "cqrs.kafkaEnv" $root | nindent 8 }}
        - name: MONGO_URL
          valueFrom: { secretKeyRef: { name: {{ $root.Values.mongo.secretName }}, key: {{ $root.Values.mongo.uriKey }} } }
        {{- range $key, $value := .env }}
        - name: {{ $key }}
          value: {{ $value | quote }}
        {{- end }}
      resources:
        requests: { cpu: 50m, memory: 128Mi }
        limits: { memory: 512Mi }
      securityContext:
        {{- toYaml $root.Values.securityContext | nindent 8 }}
      volumeMounts:
        - { name: tmp, mountPath: /tmp }
  volumes:
    - name: tmp
      emptyDir: { sizeLimit: 64Mi }
{{- end -}}

{{/* The data of one app's ConfigMap; its hash is in the pod template (checksum/config), so a change rolls the pods. */}}
{{- define "cqrs.configData" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $app := index . 2 -}}
HTTP_HOST: "0.0.0.0"
HTTP_PORT: {{ $app.port | quote }}
LOG_LEVEL: {{ $root.Values.logLevel | quote }}
KAFKA_CLIENT_ID: {{ $name | quote }}
{{- if not (kindIs "invalid" $root.Values.mongo.tls) }}
MONGO_TLS: {{ $root.Values.mongo.tls | quote }}
{{- end }}
{{- if $root.Values.mongo.caSecretName }}
MONGO_TLS_CA_FILE: /etc/mongo-tls/ca.pem
{{- end }}
{{- range $key, $value := $app.env }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/*
Does the app's sidecar carry the Dapr cron binding (dapr.components.cron.trigger binding)? Every sidecar
fires it, so such an app runs one replica, rolled out with Recreate.
*/}}
{{- define "cqrs.cronPinned" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
{{- $cron := $root.Values.dapr.components.cron -}}
{{- $dapr := $app.dapr | default dict -}}
{{- if and (eq $cron.trigger "binding") $dapr.enabled (has $dapr.appId $cron.scopes) }}true{{ end -}}
{{- end -}}

{{/* The archive volume the sidecars of audit and loyalty mount at the localstorage binding's rootPath. */}}
{{- define "cqrs.archiveVolume" -}}
{{- $root := . -}}
{{- $ls := $root.Values.dapr.components.archive.localstorage -}}
- name: archive
{{- if eq $ls.storage "emptyDir" }}
  emptyDir: { sizeLimit: 1Gi }
{{- else }}
  persistentVolumeClaim: { claimName: {{ $ls.pvc.existingClaim | default (include "cqrs.fullname" (list $root "audit-archive")) }} }
{{- end }}
{{- end -}}

{{/* http://<service>:<port>/health of every enabled app, space-separated (helm test). */}}
{{- define "cqrs.healthUrls" -}}
{{- $urls := list -}}
{{- range $name, $app := .Values.apps -}}
{{- if $app.enabled -}}{{- $urls = append $urls (printf "http://%s:%v/health" (include "cqrs.fullname" (list $ $name)) $.Values.service.port) -}}{{- end -}}
{{- end -}}
{{- join " " $urls -}}
{{- end -}}

{{/* The app ids any Dapr component is scoped to (a JSON list): their sidecars load the components. */}}
{{- define "cqrs.daprScopes" -}}
{{- $ids := list -}}
{{- range $c := .Values.dapr.components }}{{ $ids = concat $ids $c.scopes }}{{ end -}}
{{- $ids | uniq | toJson -}}
{{- end -}}
