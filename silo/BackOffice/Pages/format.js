// Human formats for every back-office page: times in the operator's own time zone and locale, money in the program's
// currency, numbers with separators, relative times. The API speaks ISO 8601; no page shows that text to a person.
'use strict';

const format = (() => {
  const locale = undefined; // the browser's: the operator's language and region
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthOnly = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps = [['year', 31536e6], ['month', 2592e6], ['week', 6048e5], ['day', 864e5], ['hour', 36e5], ['minute', 6e4]];
  const missing = '—';

  // A date-only value (yyyy-MM-dd: a business day, a month end) names a calendar day, not an instant: it is shown
  // as that day wherever the operator is, never shifted by their time zone.
  const isDateOnly = value => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

  function instant(value) {
    if (value === null || value === undefined || value === '') return null;
    const parsed = value instanceof Date ? value : new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }

  return {
    /** An instant (ISO text or Date) as a date and time in the operator's zone: "4 Dec 2026, 19:55". */
    dateTime(value) { const at = instant(value); return at ? dateTime.format(at) : missing; },

    /** A calendar day: "4 Dec 2026". An instant is shown as its day in the operator's zone. */
    date(value) {
      if (isDateOnly(value)) return dateOnly.format(new Date(value + 'T00:00:00Z'));
      const at = instant(value);
      return at ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at) : missing;
    },

    /** A month given as yyyy-MM or any day in it: "Dec 2026". */
    month(value) {
      if (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value)) value += '-01';
      return isDateOnly(value) ? monthOnly.format(new Date(value + 'T00:00:00Z')) : missing;
    },

    /** How long ago (or until) an instant: "3 days ago", "in 2 hours", "now". */
    relative(value, now = new Date()) {
      const at = instant(value);
      if (!at) return missing;
      const delta = at.getTime() - now.getTime();
      for (const [unit, ms] of steps) {
        if (Math.abs(delta) >= ms) return relative.format(Math.round(delta / ms), unit);
      }
      return relative.format(0, 'minute');
    },

    /** An instant with how long ago it was: "4 Dec 2026, 19:55 (3 days ago)". */
    when(value) { const at = instant(value); return at ? `${dateTime.format(at)} (${this.relative(at)})` : missing; },

    /** A whole or decimal number with the locale's separators; `digits` fixes the decimals. */
    number(value, digits) {
      if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return missing;
      const options = digits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
      return new Intl.NumberFormat(locale, options).format(Number(value));
    },

    /** Points: "1,250 points". */
    points(value) { return value === null || value === undefined ? missing : `${this.number(value, 0)} points`; },

    /** Money in a currency (ISO 4217 code, the program's): "€1,234.50". */
    money(value, currency) {
      if (value === null || value === undefined || Number.isNaN(Number(value))) return missing;
      if (!currency) return this.number(value, 2);
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(value));
    },

    /** A share as a percentage: 12.5 → "12.5 %" in the operator's locale (the value is already a percentage). */
    percent(value, digits = 1) {
      if (value === null || value === undefined || Number.isNaN(Number(value))) return missing;
      return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(value) / 100);
    },
  };
})();
