import { ErrorCode } from '../../src/common/errors/app-error.js';
import { DatabaseUnavailableError, isDatabaseConnectionError } from '../../src/common/errors/database-unavailable.js';
import { errorBody, graphqlExtensions, httpStatusOf, toAppError } from '../../src/common/errors/error-mapping.js';

// The shapes connection loss takes that a test on a real server cannot easily provoke (a server
// starting up, a failover's class 08 errors, Prisma's codes); test/integration/connection-loss.spec.ts
// provokes the others on a real PostgreSQL.

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isDatabaseConnectionError', () => {
  it.each([
    ['57P01 admin_shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash_shutdown', pgError('57P02', 'terminating connection because of crash of another server process')],
    ['57P03 cannot_connect_now', pgError('57P03', 'the database system is starting up')],
    ['08006 connection_failure', pgError('08006', 'connection failure')],
    ['08P01 protocol_violation', pgError('08P01', 'protocol violation')],
    ['53300 too_many_connections', pgError('53300', 'sorry, too many clients already')],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['AggregateError of refusals (IPv4 and IPv6)', new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], '')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pg: client not queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['Prisma P1001', Object.assign(new Error("Can't reach database server"), { code: 'P1001' })],
    ['Prisma P1017', Object.assign(new Error('Server has closed the connection.'), { code: 'P1017' })],
    ['Prisma P2010 wrapping 57P01', Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '57P01', kind: 'postgres' } } } })],
    ['driver adapter kind DatabaseNotReachable', Object.assign(new Error('x'), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } })],
    ['wrapped in a cause', new Error('storing failed', { cause: pgError('57P01', 'terminating connection due to administrator command') })],
  ])('recognises %s', (_name, err) => {
    expect(isDatabaseConnectionError(err)).toBe(true);
  });

  it.each([
    ['unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['syntax error', pgError('42601', 'syntax error at or near "SELEC"')],
    ['Prisma P2002', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'connection'],
    ['null', null],
  ])('does not take %s for connection loss', (_name, err) => {
    expect(isDatabaseConnectionError(err)).toBe(false);
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isDatabaseConnectionError(a)).toBe(false);
  });
});

describe('connection loss at the edge', () => {
  it('is 503 SERVICE_UNAVAILABLE with a retry delay, the driver message kept for the log only', () => {
    const err = toAppError(new Error('Connection terminated unexpectedly'));
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err.code).toBe(ErrorCode.ServiceUnavailable);
    expect(httpStatusOf(err.code)).toBe(503);
    expect(err.retryAfterSeconds).toBe(5);
    expect((err as DatabaseUnavailableError).reason).toBe('Connection terminated unexpectedly');
    expect(errorBody(err).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(errorBody(err).error.message).not.toMatch(/terminated/);
    expect(graphqlExtensions(err)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
  });
});
