import { CONFIG_FILE_TYPE } from '../sources/state/types';
import { defineRule } from '../rule';
import { str } from '../values';

export default defineRule({
  id: 'environment-config-file',
  meta: {
    category: 'state',
    severity: 'info',
    description: 'A service reads region- or environment-specific config files instead of a parameter store.',
    languages: ['code-javascript'],
    scope: 'file',
  },
  check(ctx) {
    for (const c of ctx.model.ofType(CONFIG_FILE_TYPE)) {
      const path = str(c.properties.path) ?? '';
      const reason = str(c.properties.reason) === 'region' ? 'a region' : 'an environment';
      const what = str(c.properties.api) === 'config package' ? `The config package loads a config file per environment (${path})` : `This reads ${reason}-specific config file ('${path}')`;
      ctx.report({
        resource: c,
        path: ['Path'],
        message: `${what}: every region's deployment has to ship the right copy, and a value changed for one region silently differs in the others. Keep configuration in SSM Parameter Store (or AppConfig) under one name per setting and read it at start-up in the region the code runs in.`,
        data: { path, reason: str(c.properties.reason) },
      });
    }
  },
});
