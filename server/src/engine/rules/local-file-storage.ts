import { LOCAL_FILE_TYPE } from '../sources/state/types';
import { defineRule } from '../rule';
import { bool, str } from '../values';

export default defineRule({
  id: 'local-file-storage',
  meta: {
    category: 'state',
    severity: 'warning',
    description: "A service keeps uploads or request data on the instance's local disk instead of S3.",
    languages: ['code-javascript', 'code-python'],
    scope: 'file',
  },
  check(ctx) {
    for (const f of ctx.model.ofType(LOCAL_FILE_TYPE)) {
      // Lambda's /tmp is scratch space of one execution environment; using it so is its purpose.
      if (bool(f.properties.scratch) && str(f.properties.runtime) === 'lambda') continue;
      const target = str(f.properties.target);
      const where = target ? ` ('${target}')` : '';
      const upload = bool(f.properties.upload);
      const lambda = str(f.properties.runtime) === 'lambda';
      const what = upload ? `${str(f.properties.api)} stores uploaded files on the local disk${where}` : `${str(f.properties.api)} in a ${lambda ? 'Lambda' : 'request'} handler writes to the local disk${where}`;
      const fix = str(f.properties.fix) ?? (upload ? 'Stream uploads to S3 (multer-s3, or a presigned upload URL)' : lambda ? 'Write them to S3 or DynamoDB; in Lambda only /tmp is writable, and it belongs to one execution environment' : 'Write them to S3 or DynamoDB, and keep local disk for scratch data that the request itself deletes');
      ctx.report({
        resource: f,
        message: `${what}: the files exist on this instance only, so they are lost when it is replaced, and after a failover to another region the requests that need them find nothing. ${fix}.`,
        data: { api: str(f.properties.api), target: target ?? null },
      });
    }
  },
});
