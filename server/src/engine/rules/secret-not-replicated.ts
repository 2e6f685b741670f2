import type { Path, Resource, Value, WorkspaceModel } from '../model';
import { regionsOf } from '../model';
import { defineRule, type RelatedInfo } from '../rule';
import { forEachString } from '../stores';
import { literalString } from '../values';

const SECRET = 'AWS::SecretsManager::Secret';

/** A place where a resource names a secret by its name or ARN. */
interface Use {
  user: Resource;
  path: Path;
  name: string;
  /** True when the name came from an ARN, which may end in a random suffix or an IAM wildcard. */
  arn: boolean;
  /** The region written in an ARN, when there is one. */
  region?: string;
}

export default defineRule({
  id: 'secret-not-replicated',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'A Secrets Manager secret used in two or more regions has no replica regions.',
    languages: ['cloudformation'],
  },
  check(ctx) {
    const { model } = ctx;
    // Only a literal name can be matched across templates, and only a known region compared.
    const secrets = model.ofType(SECRET).filter((s) => isUnreplicated(s) && literalString(s.properties.Name) && regionsOf(s.region).length);
    if (secrets.length === 0) return;
    const uses = collectUses(model, new Set(secrets.map((s) => literalString(s.properties.Name)!)));
    for (const s of secrets) {
      const name = literalString(s.properties.Name)!;
      const own = regionsOf(s.region);
      // Uses in the secret's own template run in the secret's region; only other templates count.
      const mine = uses.filter((u) => u.user.file !== s.file && namesSecret(u, name) && (u.region === undefined || own.includes(u.region)));
      const elsewhere = mine.filter((u) => regionsOf(u.user.region).some((r) => !own.includes(r)));
      if (elsewhere.length) {
        const readers = [...new Set(elsewhere.flatMap((u) => regionsOf(u.user.region).filter((r) => !own.includes(r))))];
        ctx.report({
          resource: s,
          message: `Secret ${s.logicalId} (${name}) lives in ${own.join(', ')} but is read from ${readers.join(', ')} and has no ReplicaRegions: if ${own.join('/')} fails, the readers in ${readers.join(', ')} lose it too. Add ReplicaRegions for ${readers.join(', ')} and read the local replica.`,
          related: related(elsewhere),
          data: { regions: readers },
        });
      } else if (own.length > 1 && mine.length) {
        ctx.report({
          resource: s,
          message: `Secret ${s.logicalId} (${name}) is created separately in each of ${own.join(', ')} because its template deploys to all of them, while other templates read it by name: the copies hold different values and rotate independently. Create it in one region with ReplicaRegions for the others.`,
          related: related(mine),
          data: { regions: own },
        });
      }
    }
  },
});

function isUnreplicated(s: Resource): boolean {
  const r = s.properties.ReplicaRegions;
  return r === undefined || r === null || (Array.isArray(r) && r.length === 0);
}

/** True when a use names the secret: exactly, or as an ARN's name with its random suffix or an IAM wildcard. */
function namesSecret(use: Use, name: string): boolean {
  if (use.name === name) return true;
  return use.arn && use.name.startsWith(name) && /^(-[A-Za-z0-9]{6}|-?\*|-\?{6})$/.test(use.name.slice(name.length));
}

function related(uses: Use[]): RelatedInfo[] {
  return uses.slice(0, 5).map((u) => ({ resource: u.user, path: u.path, message: `${u.user.logicalId} reads it here` }));
}

const DYNAMIC = /\{\{resolve:secretsmanager:([^}]*)\}\}/g;
const ARN = /arn:[^:\s"]*:secretsmanager:([^:\s"]*):[^:\s"]*:secret:([^:\s"}]+)/;

/**
 * Names of secrets that resources read: dynamic references, secret ARNs, and plain names given to
 * environment variables or to properties that take a secret id.
 */
function collectUses(model: WorkspaceModel, names: ReadonlySet<string>): Use[] {
  const out: Use[] = [];
  for (const user of model.resources) {
    if (user.type === SECRET) continue;
    // Walking every property with its path is costly; most resources never mention a secret.
    if (!mentions(user.properties, names)) continue;
    forEachString(user.properties, [], (raw, path) => {
      // Pseudo parameters in an Fn::Sub ARN stand for "this stack's" value: any region or account.
      const text = raw.replace(/\$\{AWS::(Region|AccountId|Partition)\}/g, '*');
      const add = (id: string) => {
        const arn = ARN.exec(id);
        if (arn) out.push({ user, path, name: arn[2], arn: true, region: arn[1] && arn[1] !== '*' ? arn[1] : undefined });
        else if (!id.includes('${') && id !== '') out.push({ user, path, name: id, arn: false });
      };
      const dynamic = [...text.matchAll(DYNAMIC)];
      for (const m of dynamic) add(m[1].startsWith('arn:') ? m[1] : m[1].split(':')[0]);
      if (dynamic.length === 0 && ARN.test(text)) add(text);
      else if (dynamic.length === 0 && takesSecretId(path)) add(text);
    });
  }
  return out;
}

/**
 * True when some string inside the value could name a secret: a dynamic reference or ARN, or one
 * of the names exactly (plain names only count on exact match). No paths are built.
 */
function mentions(v: Value | undefined, names: ReadonlySet<string>, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('secretsmanager') || names.has(v);
  if (v === null || typeof v !== 'object' || depth > 50) return false;
  for (const child of Array.isArray(v) ? v : Object.values(v)) if (mentions(child, names, depth + 1)) return true;
  return false;
}

function takesSecretId(path: Path): boolean {
  const last = String(path[path.length - 1] ?? '');
  return path.includes('Environment') || path.includes('Variables') || last === 'ValueFrom' || /^Secret(Id|Arn|Name)?$/i.test(last);
}
