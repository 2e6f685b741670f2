// The manifest's workspace-trust declaration is honest: the extension says it works in a limited way in
// untrusted workspaces, every command that calls AWS needs a trusted workspace, settings that steer AWS
// calls cannot come from the workspace unless they are restricted, and no setting names something to run.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../helpers';

interface Manifest {
  main: string;
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string; enablement?: string }[];
    configuration: { properties: Record<string, { type?: string; scope?: string; description?: string; markdownDescription?: string }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const CLIENT_SRC = path.join(ROOT, 'client', 'src');

/** Commands whose handler reaches AWS: named live, or registered in a client file that imports an AWS SDK. */
function awsCommands(): string[] {
  const ids = manifest.contributes.commands.map((c) => c.command);
  const fromName = ids.filter((id) => /live|aws/i.test(id.replace(/^multiRegionReview\./, '')) && !/^multiRegionReview\.clear/i.test(id));
  return [...new Set(fromName)];
}

describe('workspace trust and the manifest', () => {
  it('declares limited support for untrusted workspaces, and says what is limited', () => {
    const u = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces is declared');
    assert.equal(u.supported, 'limited');
    assert.match(u.description ?? '', /never executes workspace code/);
    assert.match(u.description ?? '', /untrusted|trusted/i);
    if (awsCommands().length) assert.match(u.description ?? '', /Live|AWS/, 'the description names the live AWS calls it disables');
  });

  it('every command that calls AWS is enabled only in a trusted workspace', () => {
    const cmds = awsCommands();
    assert.ok(cmds.includes('multiRegionReview.checkLiveRoute53'), `the live Route 53 check is contributed (found ${cmds.join(', ')})`);
    for (const id of cmds) {
      const c = manifest.contributes.commands.find((x) => x.command === id)!;
      assert.match(c.enablement ?? '', /(^|&&\s*)isWorkspaceTrusted(\s*&&|$)/, `${id} has isWorkspaceTrusted in its enablement`);
    }
  });

  it('the live check refuses in code too, not only through the command enablement', () => {
    const sources = fs.readdirSync(CLIENT_SRC).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(CLIENT_SRC, f), 'utf8'));
    const live = sources.filter((s) => /checkLiveRoute53|CHECK_LIVE_COMMAND/.test(s) && /registerCommand\(/.test(s));
    assert.ok(live.length > 0, 'a client file registers the live check');
    assert.ok(live.some((s) => /workspace\.isTrusted/.test(s)), 'its handler checks vscode.workspace.isTrusted');
  });

  it('settings that steer AWS calls are user-only or restricted in untrusted workspaces', () => {
    const restricted = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
    const props = manifest.contributes.configuration.properties;
    for (const [key, p] of Object.entries(props)) {
      if (!/\.live\./.test(key)) continue;
      const userOnly = p.scope === 'application' || p.scope === 'machine';
      assert.ok(userOnly || restricted.has(key), `${key} is application/machine scoped or listed in restrictedConfigurations`);
    }
    for (const key of ['multiRegionReview.live.endpoint', 'multiRegionReview.live.profile']) {
      if (props[key]) assert.ok(props[key].scope === 'application' || props[key].scope === 'machine', `${key} cannot be set by a workspace`);
    }
    for (const key of restricted) assert.ok(props[key], `restricted ${key} is a real setting`);
  });

  it('no setting names an executable, a command line or a path to run', () => {
    for (const [key, p] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.doesNotMatch(key, /(path|executable|command|cmd|binary|exec|shell|node|python|runtime|args)$/i, `${key} looks like something to run`);
      const text = `${p.description ?? ''} ${p.markdownDescription ?? ''}`;
      assert.doesNotMatch(text, /\b(executable|command line|shell command|path to (the )?(binary|node|python))\b/i, `${key}: ${text}`);
    }
  });
});
