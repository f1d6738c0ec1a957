// Stored results (docs/stored-results.md): the compact form an analysis job writes once, and
// every query the service answers from it.
export { storedResultOf, encodeStoredResult, decodeStoredResult, StoredResultFormatError, STORED_FORMAT_VERSION, type StoredResult } from './stored-result.js';
export { StoredView, StoredQueryError, queryRows, keptRows, rowCursor, type Row, type PlacedRow, connectivityPage, parseLabelSelector, type ConnectivityFilter, type ConnectivityPage, type RowQuery } from './stored-view.js';
export { storedExposure, fromOutside, dashboardTables, type DashboardTables, type WorkloadRow, type NamespacePairRow } from './stored-queries.js';
export { connectivityJsonStream } from './json-stream.js';
