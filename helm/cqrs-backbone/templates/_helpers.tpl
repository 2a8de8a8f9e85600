{{/* Resource name of one app: <release>-<app>, or <app> when the release is named after the chart. */}}
{{- define "cqrs.fullname" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
{{- if eq $root.Release.Name $root.Chart.Name -}}{{ $app | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" $root.Release.Name $app | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "cqrs.labels" -}}
{{- $root := index . 0 -}}{{- $app := index . 1 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
app.kubernetes.io/part-of: {{ $root.Chart.Name }}
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
{{- printf "%s/%s%s:%s" $img.registry $img.repositoryPrefix $app (default $root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{- define "cqrs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "cqrs.fullname" (list . .Chart.Name)) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
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
