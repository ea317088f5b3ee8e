// Contact details as GOV.UK Notify takes them: one definition of an e-mail address, a phone number, a UK postcode, an
// address line and a language, used at intake, in the case store and when sending. The rules for what can be sent are
// Notify's own (alphagov/notifications-utils, notifications_utils/recipient_validation), reimplemented here so intake
// refuses what could never be sent, and the local outbox refuses what Notify would.
import { domainToASCII } from 'node:url';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { line } from './text';
import countryData from './data/notify-countries.json';

// Notify removes these before it checks anything (formatters.py: OBSCURE_*_WHITESPACE).
const OBSCURE_WHITESPACE = /\u180e|\u200b|\u200c|\u200d|\u2060|\ufeff|\u00a0|\u202f/g;
const withoutObscureWhitespace = (s: string) => s.replace(OBSCURE_WHITESPACE, '').trim();

// ---------------------------------------------------------------------------------------------------------------- e-mail

const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@([^.@][^@\s]+)$/;
const HOSTNAME_PART = /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i;
const TLD = /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i;

/**
 * Whether Notify would send an e-mail to this address (email_address.py, validate_email_address): a local part of
 * letters, digits and .!#$%&'*+/=?^_`{|}~-, no "..", at most 320 characters, and a domain of at least two labels whose
 * internationalised form (IDNA) is at most 253 characters, each label at most 63, the last a top-level domain.
 */
export function isDeliverableEmailAddress(raw: string): boolean {
  const address = withoutObscureWhitespace(raw);
  const match = EMAIL.exec(address);
  if (!match || address.length > 320 || address.includes('..')) return false;
  const hostname = domainToASCII(match[1] ?? '');
  const parts = hostname.split('.');
  if (!hostname || hostname.length > 253 || parts.length < 2) return false;
  if (!parts.every((p) => p.length > 0 && p.length <= 63 && HOSTNAME_PART.test(p))) return false;
  return TLD.test(parts[parts.length - 1] ?? '');
}

/** An e-mail address, as Notify accepts it; stored as given, less surrounding and invisible whitespace. */
export const emailAddressSchema = z
  .string()
  .transform(withoutObscureWhitespace)
  .refine(isDeliverableEmailAddress, 'is not an e-mail address we can send to, for example name@example.org');

// ---------------------------------------------------------------------------------------------------------------- phone

/** Notify's characters for a phone number (phone_number.py): digits, whitespace, brackets, + and -. */
const PHONE_CHARACTERS = /^[\d\s()+-]+$/;

/** A phone number to call: Notify's characters and 7 to 20 digits. Whether it can take a text is `textMessageProblem`. */
export const phoneNumberSchema = z
  .string()
  .transform(withoutObscureWhitespace)
  .superRefine((s, ctx) => {
    const digits = s.replace(/\D/g, '').length;
    if (!PHONE_CHARACTERS.test(s)) ctx.addIssue({ code: 'custom', message: 'is a phone number: digits, spaces, brackets, + and - only' });
    else if (digits < 7 || digits > 20) ctx.addIssue({ code: 'custom', message: 'is not a phone number: it needs 7 to 20 digits' });
  });

/**
 * Why Notify would not send a text to this number, or undefined when it would (phone_number.py, PhoneNumber.validate,
 * for a service without international texts or texts to landlines, Notify's default): it must be a valid UK mobile
 * number, parsed as UK when it has no country code; Ofcom's drama numbers (07700 900000 to 900999) count as mobiles.
 */
export function textMessageProblem(phone: string): string | undefined {
  const number = withoutObscureWhitespace(phone);
  if (!PHONE_CHARACTERS.test(number)) return 'is not a mobile number: digits, spaces, brackets, + and - only';
  const parsed = parsePhoneNumberFromString(number, 'GB');
  if (!parsed) return 'is not a mobile number';
  if (parsed.countryCallingCode === '44' && /^77009\d{5}$/.test(parsed.nationalNumber)) return undefined;
  if (!parsed.isValid()) return 'is not a mobile number we can text';
  if (parsed.countryCallingCode !== '44') return 'is not a UK mobile number: texts can only go to UK mobiles';
  const type = parsed.getType();
  if (type === 'PREMIUM_RATE') return 'is a premium rate number: texts cannot go to it';
  if (type !== 'MOBILE' && type !== 'PERSONAL_NUMBER') return 'is a landline: texts can only go to mobiles';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------- postcode

/** The first letters of every UK postcode area (countries/_data/uk-postcode-zones.txt), as Notify checks them. */
const UK_POSTCODE_ZONES = (
  'AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY ' +
  'G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L GIR LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR ' +
  'NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD ' +
  'WF WN WR WS WV YO ZE'
).split(' ');
const UK_POSTCODE = new RegExp(`^(${UK_POSTCODE_ZONES.join('|')})[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{2}$`);

/**
 * A real UK postcode as Royal Mail sorts it (postal_address.py, format_postcode_or_none): "ls7  3qt" → "LS7 3QT";
 * undefined when it is not one.
 */
export function ukPostcode(raw: string): string | undefined {
  const compact = raw.replace(/\s/g, '').replace(OBSCURE_WHITESPACE, '').toUpperCase();
  return UK_POSTCODE.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : undefined;
}

/** A UK postcode, stored as Royal Mail prints it. An address abroad has none: its country is its last address line. */
export const postcodeSchema = z.string().transform((s, ctx) => {
  const postcode = ukPostcode(s);
  if (postcode) return postcode;
  // Fatal, so checks of the whole address never see a postcode that is not one.
  ctx.addIssue({ code: 'custom', fatal: true, message: 'is not a UK postcode. For an address abroad, leave the postcode out and put the country on the last address line' });
  return z.NEVER;
});

/** One line of an address. Long enough for a care home's full name; Notify wraps long lines itself. */
export const addressLineSchema = line(200);

// ---------------------------------------------------------------------------------------------------------------- language

/** A language a person needs an interpreter or translation for, as people write it: "Polish", "Chinese (Cantonese)". */
export const languageSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^\p{L}[\p{L}\p{M} ()',./-]*$/u, 'is the name of a language, for example Polish or Chinese (Cantonese)');

// ---------------------------------------------------------------------------------------------------------------- letters

const UK = 'United Kingdom';

/** Notify's country names by their normalised form (countries/__init__.py, _normalise_country_name). */
function countryKey(name: string): string | undefined {
  if (/\d/.test(name)) return undefined;
  return name
    .replace(/&/g, 'and')
    .replace(/\+/g, 'and')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ _\-'’,.()]/g, '');
}
const COUNTRIES = new Map<string, string>();
for (const [synonym, canonical] of countryData.names as [string, string][]) {
  const key = countryKey(synonym);
  if (key) COUNTRIES.set(key, canonical);
}

/** The country Notify reads on an address line ("Eire" → "Ireland", "Scotland" → "United Kingdom"), if any. */
export function countryNamed(line: string): string | undefined {
  for (const candidate of [line, `the ${line}`, `yr ${line}`, `y ${line}`]) {
    const key = countryKey(candidate);
    const country = key === undefined ? undefined : COUNTRIES.get(key);
    if (country) return country;
  }
  return undefined;
}

const INVALID_FIRST_CHARACTERS = '@()=[]"\\/,<>~';
const BFPO = /^\s*bfpo\s*(?:c\/o)?(?:\s*(\d+))?\s*$/i;

export type LetterAddress = { lines: string[]; country: string } | { problem: string };

/**
 * The address lines Notify would print on a letter to `name` at this address, normalised as Notify normalises them
 * (postal_address.py, PostalAddress with international letters allowed): whitespace collapsed, a UK postcode formatted,
 * a country's name made canonical, "BFPO 1234" last for British Forces Post Office addresses. Or the problem that
 * makes Notify refuse it, in words staff can act on: fewer than 3 or more than 7 lines with the name; a last line that
 * is neither a UK postcode, a country nor a BFPO number; a line starting with one of @()=[]"\/,<>~; "no fixed abode";
 * a BFPO address that names a country; a first or second line without a letter or digit.
 */
export function letterAddress(name: string, address: { lines: readonly string[]; postcode?: string | undefined }): LetterAddress {
  const raw = [name, ...address.lines, ...(address.postcode ? [address.postcode] : [])];
  const lines = raw
    .map((l) => l.replace(OBSCURE_WHITESPACE, ' ').split(/\s+/).filter(Boolean).join(' ').replace(/[ ,]+$/, '').replace(/[ \t]+([,.])/g, '$1'))
    .filter(Boolean);

  const bfpo = lines.map((l) => BFPO.exec(l)).find((m) => m?.[1]);
  const withoutBfpo = bfpo ? lines.filter((l) => !BFPO.test(l)) : lines;

  let trailingUk = 0;
  for (let i = withoutBfpo.length - 1; i >= 0 && countryNamed(withoutBfpo[i] ?? '') === UK; i--) trailingUk++;
  const lastCountry = countryNamed(withoutBfpo[withoutBfpo.length - 1] ?? '');
  const country = lastCountry ?? UK;
  const body = lastCountry ? withoutBfpo.slice(0, withoutBfpo.length - (trailingUk || 1)) : withoutBfpo;
  const international = country !== UK;
  const postcode = !international && body.length ? ukPostcode(body[body.length - 1] ?? '') : undefined;

  let normalised: string[];
  const bfpoLine = bfpo ? [`BFPO ${Number(bfpo[1])}`] : [];
  if (international) normalised = [...body, ...bfpoLine, country];
  else if (postcode) normalised = [...body.slice(0, -1), postcode, ...bfpoLine];
  else normalised = [...body, ...bfpoLine];

  // Said first: no other change to the address would make a letter possible.
  if (normalised.some((l) => l.toLowerCase() === 'nfa') || /no fixed (abode|address)/i.test(normalised.join('\n'))) {
    return { problem: 'is "no fixed abode": a letter cannot be sent there, so agree another way to reach the person' };
  }
  if (normalised.length < 3) return { problem: 'needs at least two lines besides the name, the last a UK postcode or, for an address abroad, the country' };
  if (normalised.length > 7) return { problem: 'has too many lines: a letter takes at most 7 with the name' };
  if (normalised.some((l) => INVALID_FIRST_CHARACTERS.includes(l[0] ?? ''))) {
    return { problem: `has a line starting with one of ${INVALID_FIRST_CHARACTERS.split('').join(' ')}, which cannot be printed` };
  }
  if (bfpo && international) return { problem: 'is a British Forces address that also names a country: leave the country out' };
  if (!(postcode || international || bfpo)) return { problem: 'must end with a UK postcode or, for an address abroad, the country' };
  if (!normalised.slice(0, 2).every((l) => /[a-zA-Z0-9]/.test(l))) return { problem: 'needs letters or digits on its first two lines' };
  return { lines: normalised, country };
}
