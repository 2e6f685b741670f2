// Credentials and tokens never reach output or logs. The AWS credential variables are set to recognisable
// fake values, and the workspace holds secret-looking literals (a SecretString password, an access key's
// secret in an output, a token in code, one inside a template that does not parse). The CLI in every
// format and the language server (everything it publishes, logs or writes to stderr) must echo none of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeTemps, runCli, tempFolder, UNCHECKED_FAILOVER } from '../../cli/run';
import { LspClient } from '../../lsp/harness';

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEMRRTEST00001',
  AWS_SECRET_ACCESS_KEY: 'mrrFakeSecretKey/DoNotLeak+0123456789abcdEF',
  AWS_SESSION_TOKEN: 'mrrFakeSessionToken//IQoJb3JpZ2luX2VjEDoNotLeak==',
};
const LITERALS = {
  password: 'Pl41nText-Passw0rd-DoNotLeak!',
  outputSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYDoNotLeakKEY',
  codeToken: 'ghp_DoNotLeakFakeToken0123456789abcdefXYZ',
  brokenSecret: 'Br0ken-File-Secret-DoNotLeak',
};
const SECRETS = [...Object.values(ENV), ...Object.values(LITERALS)];

const FILES: Record<string, string> = {
  'edge.yaml': UNCHECKED_FAILOVER,
  'secrets.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DbPassword:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: db-password
      SecretString: '{"username":"admin","password":"${LITERALS.password}"}'
      ReplicaRegions:
        - Region: eu-west-1
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: admin
      MasterUserPassword: ${LITERALS.password}
      DBInstanceClass: db.t3.micro
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: deployer
Outputs:
  KeySecret:
    Value: ${LITERALS.outputSecret}
    Export:
      Name: deployer-secret
`,
  'src/client.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: '${LITERALS.outputSecret}', sessionToken: '${LITERALS.codeToken}' } });
export { client };
`,
  'broken.yaml': `Resources:
  Thing:
    Type: AWS::S3::Bucket
    Properties: [ "${LITERALS.brokenSecret}"
      Password: ${LITERALS.brokenSecret}
`,
};

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

describe('credentials and secrets never reach output or logs', () => {
  const saved: Record<string, string | undefined> = {};
  let dir = '';
  before(() => {
    for (const [k, v] of Object.entries(ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    dir = tempFolder(FILES);
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    removeTemps();
  });

  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    it(`the CLI's ${format} report and its stderr hold none of them`, async () => {
      const r = await runCli(['--format', format, '--summary', '.'], dir);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      assert.match(r.stdout, /failover-without-health-check/, 'the review ran and reported the flawed record');
      assert.match(r.stdout, /parse-error/, 'the broken template was reported');
      assert.deepEqual(leaks(r.stdout + r.stderr), [], 'no credential or secret literal in the output');
    });
  }

  it('the language server publishes, logs and prints none of them (env inherited from this process)', async () => {
    const client = await LspClient.start(dir, {}, 'ipc');
    try {
      await client.waitFor('the first full scan', () => client.summaries.find((s) => !s.scanning && s.files >= 3));
      await client.waitFor('diagnostics for edge.yaml', () => client.diagnosticsOf('edge.yaml').length > 0 || undefined);
      const everything = JSON.stringify({ published: client.published, logs: client.logs, summaries: client.summaries });
      assert.match(everything, /failover-without-health-check/);
      assert.deepEqual(leaks(everything), [], 'no credential or secret literal in diagnostics, logMessage or stderr');
    } finally {
      await client.stop();
    }
  });
});
