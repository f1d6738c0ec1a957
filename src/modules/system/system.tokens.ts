export const SERVICE_INFO = Symbol('SERVICE_INFO');
