import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';
import PinoPretty, { MessageFormatFunc, PrettyOptions } from 'pino-pretty';
import type { AppConfig } from '../config/app-config';

/** What logging needs from the configuration (tests build it by hand). */
export type LogSettings = Pick<AppConfig, 'logLevel' | 'logFormat'>;

const SECRET_FIELDS = ['password', 'passwordHash', 'accessToken', 'secret', 'secretKey', 'webhookSecret'];

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["paypal-transmission-sig"]',
  'res.headers["set-cookie"]',
  // Top-level fields of a logged object, and the same one level down (`*.` matches no deeper).
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  // Failed queries carry their parameters: emails, hashes, event payloads.
  'err.parameters',
  'err.driverError.parameters',
  'err.query',
];

/**
 * Nest narrates its start-up at info: every module, controller and route (60+ lines before the
 * useful ones). Worth seeing when the wiring is in doubt, hence debug rather than gone.
 */
const BOOT_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const INFO = pino.levels.values.info;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Level, redaction and Nest's boot chatter at debug: shared by main.ts's logger and the app's. */
export function loggerOptions(settings: LogSettings): LoggerOptions {
  return {
    level: settings.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method, level) {
        const [first] = args as unknown[];
        const context =
          typeof first === 'object' && first !== null ? (first as { context?: unknown }).context : undefined;
        if (level === INFO && typeof context === 'string' && BOOT_CHATTER.has(context)) {
          this.debug(...args);
          return;
        }
        method.apply(this, args);
      },
    },
  };
}

/**
 * pino-http: one line per request, `GET /orders 200 12 ms`, at warn for 4xx and error for 5xx.
 * Every line logged while a request is handled carries its id (`reqId`, taken from X-Request-Id
 * when sane, echoed back); response headers are not logged (the CSP alone is over a kilobyte).
 */
export function httpLoggerOptions(settings: LogSettings): HttpLoggerOptions {
  return {
    ...loggerOptions(settings),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Lines logged inside a request carry its id, not the whole request with its headers.
    quietReqLogger: true,
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (req, res, responseTime) => requestLine(req, res, responseTime),
    customErrorMessage: (req, res, error) => `${requestLine(req, res)}: ${error.message}`,
    // A 5xx without a thrown error gets a made-up Error whose stack only shows pino-http itself.
    customErrorObject: (_req, res, error, value: Record<string, unknown>) =>
      error.message === `failed with status code ${res.statusCode}` ? { ...value, err: undefined } : value,
    // Probes and scrapes every few seconds would drown the useful lines.
    autoLogging: { ignore: (req) => /^\/(health\/|metrics(\?|$))/.test(req.url ?? '') },
    serializers: {
      req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        headers: req.headers,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** `GET /orders?page=2 200 12 ms` (Express keeps the path a router was mounted at in originalUrl). */
export function requestLine(req: IncomingMessage, res: ServerResponse, responseTime?: number): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
  return `${req.method} ${url} ${res.statusCode}${responseTime === undefined ? '' : ` ${responseTime} ms`}`;
}

/** `[Bootstrap] orderpay ready …` and `GET /orders 200 12 ms  req=…`: the context and the request id, kept short. */
export const prettyMessage: MessageFormatFunc = (log, messageKey, _levelLabel, { colors }) => {
  const context = typeof log.context === 'string' ? `${colors.cyan(`[${log.context}]`)} ` : '';
  const requestId =
    typeof log.reqId === 'string' || typeof log.reqId === 'number' ? colors.gray(`  req=${log.reqId}`) : '';
  const message = log[messageKey];
  // pino writes a string; a line that carries anything else shows it as JSON, not `[object Object]`.
  const text = typeof message === 'string' ? message : message == null ? '' : JSON.stringify(message);
  return `${context}${text}${requestId}`;
};

const PRETTY_OPTIONS: PrettyOptions = {
  translateTime: 'SYS:HH:MM:ss.l',
  // Shown by prettyMessage, or noise on a developer's terminal.
  ignore: 'pid,hostname,context,reqId,req,res,responseTime',
  singleLine: true,
  messageFormat: prettyMessage,
  // Synchronous, so lines from main.ts and from Nest come out in the order they were logged.
  sync: true,
};

const stdoutByFormat = new Map<LogSettings['logFormat'], DestinationStream>();

/**
 * Where lines go: standard output through pino-pretty or as JSON lines. main.ts's logger and the
 * app's share one stream per format, so their lines keep their order. `output` is for tests.
 */
export function logDestination(settings: LogSettings, output?: NodeJS.WritableStream): DestinationStream {
  if (output) {
    if (settings.logFormat === 'json') return output;
    return PinoPretty({ ...PRETTY_OPTIONS, colorize: false, destination: output });
  }
  let stdout = stdoutByFormat.get(settings.logFormat);
  if (!stdout) {
    stdout =
      settings.logFormat === 'pretty'
        ? PinoPretty({ ...PRETTY_OPTIONS, destination: 1 })
        : pino.destination({ dest: 1, sync: false });
    stdoutByFormat.set(settings.logFormat, stdout);
  }
  return stdout;
}

/** The logger main.ts uses before and around Nest, formatted like the app's. */
export function createLogger(settings: LogSettings, output?: NodeJS.WritableStream): Logger {
  return pino(loggerOptions(settings), logDestination(settings, output));
}
