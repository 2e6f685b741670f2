#!/usr/bin/env node
// The `multi-region-review` command (also through npx). The CLI is bundled into dist/ by `npm run build`.
'use strict';
require('../dist/cli.js').run();
