import { Counter, Gauge, register } from 'prom-client';

const gauge = (name: string, help: string): Gauge => (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });
const counter = (name: string, help: string): Counter => (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help });

export const dashboardMetrics = {
  streams: gauge('stream_dashboard_streams', 'Dashboard event streams open now (all served by one shared feed)'),
  refused: counter('stream_dashboard_streams_refused_total', 'Dashboard event streams refused: DASHBOARD_MAX_STREAMS were open'),
  refreshes: counter('stream_dashboard_refreshes_total', 'Reads of the views by the shared dashboard feed (one per refresh, however many streams are open)'),
  storeReads: counter('stream_dashboard_store_reads_total', 'Repository reads made by the shared dashboard feed (a page of a view, a lookup of names)'),
};
