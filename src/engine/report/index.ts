export {
  buildReport,
  changeCounts,
  NO_CHANGES,
  TOP_NEW_EXPOSURES,
  type ChangeCounts,
  type ClusterReport,
  type HistoryPoint,
  type HistoryStep,
  type MetricTrend,
  type NewExposure,
  type ReportInput,
  type Trend,
} from './report.js';
export { renderReport, metricChart, REPORT_FORMATS, type ReportFormat } from './render-report.js';
export { snapshotAlerts, ALERT_EVENTS, type Alert, type AlertEvent } from './alerts.js';
