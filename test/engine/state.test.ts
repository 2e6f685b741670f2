// The application-state reader: which JS/TS code keeps sessions, files, collections, regions and
// config where an instance or a region can lose them. Each case is inline code and the facts it
// must (or must not) produce; the rules' own fixtures live in test/fixtures/<rule-id>/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Resource } from '../../server/src/engine/model';
import { parseSource } from '../../server/src/engine/sources/cdk/tsapi';
import { envSpecific } from '../../server/src/engine/sources/state/configFiles';
import { COLLECTION_TYPE, CONFIG_FILE_TYPE, isToolingFile, LOCAL_FILE_TYPE, readStateFacts, SDK_REGION_TYPE, SESSION_TYPE } from '../../server/src/engine/sources/state';

function read(code: string, file = 'src/app.ts') {
  return readStateFacts(file, parseSource(file, code), code);
}

function facts(code: string, type: string, file?: string): Resource[] {
  return (read(code, file)?.resources ?? []).filter((r) => r.type === type);
}

const prop = (rs: Resource[], key: string) => rs.map((r) => r.properties[key]);

describe('state reader: sessions', () => {
  it('tells memory, file, cookie and external stores apart', () => {
    const code = `
      import session from 'express-session';
      import cookieSession from 'cookie-session';
      import RedisStore from 'connect-redis';
      const FileStore = require('session-file-store')(session);
      const MemoryStore = session.MemoryStore;
      app.use(session({ secret: 'x' }));
      app.use(session({ secret: 'x', store: new MemoryStore() }));
      app.use(session({ secret: 'x', store: new FileStore() }));
      app.use(session({ secret: 'x', store: new RedisStore({ client }) }));
      app.use(session({ secret: 'x', store }));
      app.use(cookieSession({ keys: ['k'] }));
      app.use(session({ ...base, secret: 'x' }));`;
    assert.deepEqual(prop(facts(code, SESSION_TYPE), 'store'), ['memory', 'memory', 'file', 'external', 'external', 'cookie', 'external']);
  });

  it('reads fastify plugins, koa-session and options held in a const', () => {
    const code = `
      const fastifySession = require('@fastify/session');
      const koaSession = require('koa-session');
      const opts = { secret: 'a'.repeat(32) };
      fastify.register(fastifySession, opts);
      fastify.register(require('@fastify/secure-session'), { key });
      koa.use(koaSession(koa));
      koa.use(koaSession({ store: redisStore }, koa));`;
    const s = facts(code, SESSION_TYPE);
    assert.deepEqual(s.map((r) => `${r.properties.library}:${r.properties.store}`), ['@fastify/session:memory', '@fastify/secure-session:cookie', 'koa-session:cookie', 'koa-session:external']);
  });
});

describe('state reader: request handlers and local files', () => {
  const fsHeader = `import * as fs from 'node:fs';\n`;

  it('finds writes in routes, middleware, controllers and the helpers they call', () => {
    const code = `${fsHeader}
      app.post('/a', upload);
      async function upload(req, res) { fs.writeFileSync('a.json', req.body); }
      router.route('/b').put(function (q, s) { fs.appendFile('b.log', 'x', () => {}); });
      fastify.route({ method: 'POST', url: '/c', handler: async (request) => { save(request.body); } });
      function save(body) { fs.createWriteStream('c.bin').end(body); }
      server.route({ method: 'GET', path: '/d', options: { handler: (r, h) => fs.promises.writeFile('d', '') } });
      export const create = async (req, res) => { await fs.promises.writeFile('e', ''); };
      http.createServer((q, s) => fs.writeFileSync('f', ''));
      class Ctl { @Post() make() { fs.writeFileSync('g', ''); } }
      export async function POST(request) { fs.writeFileSync('h', ''); }`;
    assert.deepEqual(prop(facts(code, LOCAL_FILE_TYPE), 'target'), ['a.json', 'b.log', 'c.bin', 'd', 'e', 'f', 'g', 'h']);
  });

  it('leaves writes outside handlers, to devices and to file descriptors alone', () => {
    const code = `${fsHeader}
      fs.writeFileSync('pid', String(process.pid));
      function report() { fs.writeFileSync('report.json', '{}'); }
      cache.get(key, () => fs.writeFileSync('no', ''));
      app.get('/x', (req, res) => { fs.writeFileSync('/dev/stdout', 'x'); fs.writeFileSync(1, 'x'); });`;
    assert.equal(read(code), undefined);
  });

  it('marks /tmp and os.tmpdir() as scratch and knows a Lambda file', () => {
    const code = `${fsHeader}import os from 'os'; import path from 'path';
      export const handler = async (event) => {
        fs.writeFileSync(path.join(os.tmpdir(), event.id), '');
        fs.writeFileSync('/tmp/' + event.id, '');
        fs.writeFileSync(\`\${process.env.TMPDIR}/x\`, '');
        fs.writeFileSync('./out/' + event.id, '');
      };`;
    const f = facts(code, LOCAL_FILE_TYPE);
    assert.deepEqual(prop(f, 'scratch'), [true, true, true, false]);
    assert.deepEqual([...new Set(prop(f, 'runtime'))], ['lambda']);
  });

  it('treats an Express app wrapped for Lambda as Lambda, and a plain server as a server', () => {
    const wrapped = `${fsHeader}import serverless from 'serverless-http';
      app.post('/x', (req, res) => fs.writeFileSync('/tmp/x', ''));
      export const handler = serverless(app);`;
    const server = `${fsHeader}app.post('/x', (req, res) => fs.writeFileSync('/tmp/x', ''));`;
    assert.deepEqual(prop(facts(wrapped, LOCAL_FILE_TYPE), 'runtime'), ['lambda']);
    assert.deepEqual(prop(facts(server, LOCAL_FILE_TYPE), 'runtime'), ['server']);
  });

  it('reads multer disk storage but not memory storage or storage engines', () => {
    const code = `import multer from 'multer';
      const a = multer({ dest: 'uploads/' });
      const b = multer({ storage: multer.diskStorage({ destination: '/srv/files' }) });
      const c = multer({ storage: multer.memoryStorage() });
      const d = multer({ storage: multerS3({ s3, bucket }) });
      const e = multer();`;
    assert.deepEqual(prop(facts(code, LOCAL_FILE_TYPE), 'target'), ['uploads/', '/srv/files']);
  });
});

describe('state reader: module-level collections', () => {
  it('reports collections written in handlers, once each, with the first write', () => {
    const code = `
      const hits = new Map(); const seen = new Set(); const cache = {}; const log = []; const lru = new LRUCache({ max: 10 });
      app.use((req, res, next) => { hits.set(req.ip, 1); hits.set('x', 2); seen.add(req.ip); cache[req.ip] = 1; log.push(req.url); lru.set(req.ip, 1); next(); });`;
    const c = facts(code, COLLECTION_TYPE);
    assert.deepEqual(prop(c, 'name'), ['hits', 'seen', 'cache', 'log', 'lru']);
    assert.deepEqual(prop(c, 'writes'), [2, 1, 1, 1, 1]);
    const file = read(code)!;
    assert.equal(file.rangeOf(['Code', c[0].logicalId, 'Write']).start.character, 36);
  });

  it('leaves read-only tables, locals, and cached clients or connections alone', () => {
    const code = `
      import { S3Client } from '@aws-sdk/client-s3';
      const TABLE = new Map([['a', 1]]); TABLE.set('b', 2);
      const byRegion = new Map(); const pools = new Map(); const typed = new Map<string, S3Client>(); const sockets = new Set();
      app.get('/x', (req, res) => {
        const seen = new Set(); seen.add(1);
        res.json(TABLE.get(req.query.k));
        byRegion.set(req.query.r, new S3Client({ region: req.query.r }));
        pools.set(req.query.r, createPool());
        let c = typed.get(req.query.r); if (!c) { c = new S3Client({}); typed.set(req.query.r, c); }
        sockets.add(req.socket);
      });`;
    assert.deepEqual(facts(code, COLLECTION_TYPE), []);
  });
});

describe('state reader: SDK regions', () => {
  it('reads literal regions of v3 and v2 clients, directly or through a const', () => {
    const code = `
      import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
      import S3 from 'aws-sdk/clients/s3';
      import { config } from 'aws-sdk';
      const AWS = require('aws-sdk');
      const REGION = 'eu-west-1';
      const opts = { region: REGION };
      new DynamoDBClient({ region: 'us-east-1' });
      new DynamoDBClient(opts);
      new S3({ region: 'us-west-2' });
      new AWS.DynamoDB.DocumentClient({ region: 'ap-south-1' });
      config.update({ region: 'sa-east-1' });
      AWS.config.region = 'ca-central-1';`;
    const r = facts(code, SDK_REGION_TYPE);
    assert.deepEqual(r.map((f) => `${f.properties.service}:${f.properties.region}`), ['DynamoDB:us-east-1', 'DynamoDB:eu-west-1', 'S3:us-west-2', 'DynamoDB:ap-south-1', 'config:sa-east-1', 'config:ca-central-1']);
    // The finding's range is the literal, where a fix would edit; through a const, the const's literal.
    const file = read(code)!;
    assert.deepEqual(file.rangeOf(['Code', r[1].logicalId, 'Region']), { start: { line: 5, character: 21 }, end: { line: 5, character: 32 } });
  });

  it('leaves environment, config, fallbacks, local endpoints and non-SDK classes alone', () => {
    const code = `
      import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
      new DynamoDBClient({ region: process.env.AWS_REGION });
      new DynamoDBClient({ region: process.env.REGION || 'us-east-1' });
      new DynamoDBClient({ region: cfg.region });
      new DynamoDBClient({ region: 'localhost' });
      new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://localhost:8000' });
      new Other({ region: 'us-east-1' });`;
    assert.equal(read(code), undefined);
  });
});

describe('state reader: config files', () => {
  it('tells region- and environment-specific config files from others', () => {
    const cases: [string, string | undefined][] = [
      ['config/us-east-1.json', 'region'],
      ['us-west-2.yaml', 'region'],
      ['.env.production', 'environment'],
      ['./config/${process.env.STAGE}.json', 'environment'],
      ['./config/${region}.json', 'region'],
      ['${__dirname}/config/prod/app.yaml', 'environment'],
      ['./settings.${env}.js', 'environment'],
      ['production.json', 'environment'],
      ['./config/default.json', undefined],
      ['.env', undefined],
      ['./data/us-east-1-prices.csv', undefined],
      ['./routes/dev.js', undefined],
      ['./handlers/${stage}.js', undefined],
      ['/dev/stdin', undefined],
      ['dotenv/config', undefined],
      ['./config/${process.env.TABLE_NAME}.json', undefined],
    ];
    for (const [path, reason] of cases) assert.equal(envSpecific(path)?.reason, reason, path);
  });

  it('reads require, import, fs reads, dotenv and the config package', () => {
    const code = `
      import fs from 'fs';
      import regional from './config/eu-west-1.json';
      require('dotenv').config({ path: \`.env.\${process.env.NODE_ENV}\` });
      const config = require('config');
      const s = fs.readFileSync('./config/' + process.env.STAGE + '.json');
      const t = await import(\`./config/\${region}.json\`);`;
    assert.deepEqual(prop(facts(code, CONFIG_FILE_TYPE), 'api'), ['import', 'dotenv.config', 'config package', 'fs.readFileSync', 'import']);
  });
});

describe('state reader: what it does not read', () => {
  it('skips build scripts, CLIs, tests and tool config', () => {
    for (const f of ['scripts/seed.ts', 'bin/cli.js', 'src/app.test.ts', 'src/app.spec.js', 'test/helpers.ts', '__tests__/x.js', 'jest.config.js', 'packages/api/tools/gen.ts']) assert.ok(isToolingFile(f, ''), f);
    assert.ok(isToolingFile('src/run.js', '#!/usr/bin/env node\n'));
    assert.ok(!isToolingFile('src/handlers/upload.ts', ''));
    assert.ok(!isToolingFile('lib/lambda/index.js', ''));
    assert.ok(!isToolingFile('src/config/database.config.ts', ''), 'application config modules are application code');
  });

  it('skips infrastructure code and files with nothing to say', () => {
    const cdk = `import * as cdk from 'aws-cdk-lib'; import fs from 'fs'; const c = JSON.parse(fs.readFileSync('config/prod.json', 'utf8'));`;
    assert.equal(read(cdk, 'lib/stack.ts'), undefined);
    assert.equal(read(`export const add = (a: number, b: number) => a + b;`), undefined);
  });

  it('collects suppression comments with the facts', () => {
    const code = `import session from 'express-session';\n// multi-region-review-ignore in-memory-session -- demo only\napp.use(session({}));`;
    assert.deepEqual(read(code)?.suppressions.map((s) => [s.ruleId, s.lines]), [['in-memory-session', [2]]]);
  });
});
