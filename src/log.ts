// winston JSON logging through a format that redacts personal data, whatever a caller passes.
import winston from 'winston';

const PERSONAL_KEYS = new Set(
  [
    'name', 'fullname', 'firstname', 'lastname', 'givenname', 'familyname', 'preferredname',
    'dateofbirth', 'dob', 'birthdate', 'address', 'addressline1', 'addressline2', 'postcode',
    'nhsnumber', 'phone', 'telephone', 'mobile', 'phonenumber', 'email', 'emailaddress', 'person',
    'presentingissue', 'communicationneeds',
  ],
);

const PATTERNS: [RegExp, string][] = [
  [/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, '[email]'],
  [/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, '[nhs-number-or-phone]'],
  [/(?:\+44\s?|\b0)\d(?:\s?\d){8,9}\b/g, '[phone]'],
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, '[postcode]'],
  [/\b\d{4}-\d{2}-\d{2}(?!T)\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g, '[date]'],
];

export const REDACTED = '[redacted]';

function redactString(s: string): string {
  return PATTERNS.reduce((acc, [re, label]) => acc.replace(re, label), s);
}

export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = PERSONAL_KEYS.has(k.toLowerCase().replace(/[_-]/g, '')) ? REDACTED : redact(v, seen);
  }
  return out;
}

/** A winston format that redacts the message and every metadata field. */
export const redacting = winston.format((info) => {
  for (const key of Object.keys(info)) {
    const normal = key.toLowerCase().replace(/[_-]/g, '');
    if (key === 'level') continue;
    info[key] = PERSONAL_KEYS.has(normal) ? REDACTED : redact(info[key]);
  }
  return info;
});

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', transports?: winston.transport[]): winston.Logger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), redacting(), winston.format.json()),
    transports: transports ?? [new winston.transports.Console()],
  });
}

export const log = createLogger();
