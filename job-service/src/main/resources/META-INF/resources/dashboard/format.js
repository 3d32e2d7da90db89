/** Formatting of times, durations and sizes for people. */

const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});

function zoneOrUtc(timeZone) {
  try {
    new Intl.DateTimeFormat(undefined, {timeZone});
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/**
 * A date and time, in the given IANA time zone (the job's) or the browser's, with the zone's short name, on a
 * 24-hour clock like the schedules; the year only when it is not this one.
 */
export function dateTime(iso, timeZone) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  const options = {
    weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    timeZoneName: 'short',
  };
  if (date.getFullYear() !== new Date().getFullYear()) {
    options.year = 'numeric';
  }
  if (timeZone) {
    options.timeZone = zoneOrUtc(timeZone);
  }
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

/** A short date and time in the browser's zone, with seconds: for run history. */
export function shortDateTime(iso) {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(iso));
}

/** "in 5 hours", "3 minutes ago". */
export function fromNow(iso, now = Date.now()) {
  if (!iso) {
    return '';
  }
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) {
    return relative.format(Math.round(seconds), 'second');
  }
  if (abs < 2700) {
    return relative.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 64800) {
    return relative.format(Math.round(seconds / 3600), 'hour');
  }
  return relative.format(Math.round(seconds / 86400), 'day');
}

/** "1 min 12 s", "850 ms". */
export function duration(fromIso, toIso) {
  if (!fromIso || !toIso) {
    return '';
  }
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  if (ms < 1000) {
    return `${Math.max(ms, 0)} ms`;
  }
  const s = Math.round(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m} min ${s % 60} s`;
  }
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Binary units: "12.0 MiB". */
export function bytes(n) {
  if (n === null || n === undefined) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function count(n) {
  return n === null || n === undefined ? '' : new Intl.NumberFormat().format(n);
}

export function capitalize(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : '';
}

/** A namespace as shown: the root namespace is "(root)". */
export function namespace(ns) {
  return ns ? ns : '(root)';
}

/** A namespace of a datastore as a path: "ibs-primary/production", the datastore alone for its root namespace. */
export function datastorePath(datastore, ns) {
  return ns ? `${datastore}/${ns}` : datastore;
}

/** A source filter {name}|{tag}|{project} as text: "name web-*". */
export function filter(f) {
  for (const kind of ['name', 'tag', 'project']) {
    if (f[kind] !== null && f[kind] !== undefined) {
      return `${kind} ${f[kind]}`;
    }
  }
  return '?';
}
