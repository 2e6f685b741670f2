// The linked model of the example workspace: regions per file and the edges that cross files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { parseConfig } from '../../server/src/engine/config';
import { DiskWorkspace } from '../../server/src/engine/workspace';
import { ROOT } from '../helpers';

const EXAMPLE = path.join(ROOT, 'examples', 'global-app');

describe('model linking on examples/global-app', () => {
  const run = () => analyze(new DiskWorkspace(EXAMPLE), parseConfig(fs.readFileSync(path.join(EXAMPLE, 'multi-region-review.json'), 'utf8')).config);

  it('assigns regions from the config file', async () => {
    const { model } = await run();
    assert.deepEqual(model.regions, ['eu-west-1', 'us-east-1']);
    const regionOf = (file: string) => model.resources.find((r) => r.file === file)?.region;
    assert.deepEqual(regionOf('primary/app.yaml'), { kind: 'known', region: 'us-east-1' });
    assert.deepEqual(regionOf('secondary/app.yaml'), { kind: 'known', region: 'eu-west-1' });
  });

  it('links replication across files and leaves the writer out', async () => {
    const { model } = await run();
    const edges = model.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}`);
    assert.ok(edges.includes('replicates-to primary/app.yaml#OrdersGlobalCluster -> secondary/app.yaml#OrdersDbCluster'));
    assert.ok(!edges.includes('replicates-to primary/app.yaml#OrdersGlobalCluster -> primary/app.yaml#OrdersDbCluster'));
    const bucketEdges = model.edges.filter((e) => e.kind === 'replicates-to' && e.from.endsWith('Bucket'));
    assert.ok(bucketEdges.length >= 2, 'bucket replication resolves to the replica buckets in the other template');
    assert.ok(bucketEdges.every((e) => e.to.startsWith('secondary/')));
    assert.ok(model.edges.some((e) => e.kind === 'health-checked-by'));
  });
});
