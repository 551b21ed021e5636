export { startApiServer, type RunningServer, type StartServerOptions } from './start-server';
export { createApiApp, type ApiAppOptions } from './create-app';
export { loadOrCreateToken, serverTokenPath } from './token';
export type { DoctorProbe } from './routes/session-routes';
