import type { Resource } from '../model';
import { defineRule } from '../rule';
import { mayHaveSameName, mayHaveSameType, RECORD_SET, recordKey, describeRecord, isIntrinsic } from '../route53';
import { asObject, str } from '../values';

export default defineRule({
  id: 'geolocation-without-default',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'A geolocation record set has no default record, so users outside the listed locations get no answer.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const geo = ctx.model.ofType(RECORD_SET).filter((r) => r.properties.GeoLocation !== undefined);
    const groups = new Map<string, Resource[]>();
    for (const rec of geo) {
      const key = recordKey(rec.properties);
      if (!key) continue;
      const group = groups.get(key);
      if (group) group.push(rec);
      else groups.set(key, [rec]);
    }
    const defaults = geo.filter((r) => mayBeDefault(r));
    for (const group of groups.values()) {
      const [first, ...others] = group;
      if (group.some(mayBeDefault)) continue;
      // A default whose name is an expression may still be this name once deployed.
      if (defaults.some((d) => mayHaveSameType(first.properties, d.properties) && mayHaveSameName(first.properties, d.properties))) continue;
      const locations = group.map(location);
      ctx.report({
        resource: first,
        path: ['GeoLocation'],
        message: `Geolocation records for ${describeRecord(first.properties)} (${summary(locations)}) have no default record with GeoLocation CountryCode '*': DNS queries from anywhere else, and from addresses Route 53 cannot place, get no answer. Add a default record.`,
        related: others.map((r) => ({ resource: r, path: ['GeoLocation'], message: `Also in this geolocation set: ${location(r)}` })),
        data: { locations },
      });
    }
  },
});

/** True for a default record, or one whose location is an expression and so may be the default. */
function mayBeDefault(rec: Resource): boolean {
  // A location chosen at deploy time (a parameter, !If, a CDK prop from another file) may be the default.
  if (isIntrinsic(rec.properties.GeoLocation)) return true;
  const geo = asObject(rec.properties.GeoLocation);
  if (!geo) return true;
  if (geo.CountryCode === undefined) return false;
  const code = str(geo.CountryCode);
  return code === undefined || code === '*';
}

/** "continent EU", "country JP", "subdivision US-WA": the location a record answers, for messages. */
function location(rec: Resource): string {
  const geo = asObject(rec.properties.GeoLocation);
  const continent = str(geo?.ContinentCode);
  const country = str(geo?.CountryCode);
  const subdivision = str(geo?.SubdivisionCode);
  if (country) return subdivision ? `subdivision ${country}-${subdivision}` : `country ${country}`;
  return continent ? `continent ${continent}` : '(computed location)';
}

function summary(locations: string[]): string {
  const shown = locations.slice(0, 5).join(', ');
  return locations.length > 5 ? `${shown} and ${locations.length - 5} more` : shown;
}
