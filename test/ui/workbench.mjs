// Playwright helpers for VS Code's web workbench (code-server). Every step waits on a selector or a condition;
// keystrokes that the workbench swallowed while settling are detected and retried.

/** Waits until the workbench and its Explorer are up. */
export async function waitForWorkbench(page, { timeout = 60000 } = {}) {
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
}

/** Presses `key` until the quick input shows (retrying when the keystroke was swallowed); returns its input box. */
export async function openQuickInput(page, key = 'F1', attempts = 6) {
  const input = page.locator('.quick-input-widget input.input');
  for (let i = 0; i < attempts; i++) {
    if (i > 0) {
      await page.keyboard.press('Escape');
      // A harmless place that gives the workbench keyboard focus back.
      await page.locator('.part.editor').click({ position: { x: 5, y: 5 }, timeout: 2000 }).catch(() => {});
    }
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 2500 });
      return input;
    } catch {
      /* swallowed: retry */
    }
  }
  throw new Error(`the quick input did not open with ${key}`);
}

/** Runs a command from the Command Palette by its title. */
export async function runCommand(page, title, attempts = 3) {
  for (let i = 1; ; i++) {
    try {
      const input = await openQuickInput(page, 'F1');
      // The palette can close again while the workbench settles (focus moving to a webview): retry then.
      await input.fill(`>${title}`, { timeout: 5000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ timeout: 10000 });
      await row.click();
      await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens a workspace file through Quick Open and waits until the editor shows `expectText`. */
export async function openFile(page, relativePath, expectText) {
  const name = relativePath.split('/').pop();
  const editorText = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: expectText });
  for (let i = 0; i < 3; i++) {
    const input = await openQuickInput(page, 'Control+P');
    await input.fill(relativePath);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ timeout: 10000 });
      await row.click();
      await editorText.first().waitFor({ timeout: 10000 });
      return;
    } catch {
      /* the file search was not ready or the click was lost: retry */
    }
  }
  throw new Error(`could not open ${relativePath}`);
}

/**
 * Moves the mouse onto `target` (a locator) until the editor hover shows, and returns the hover's locator.
 * Moving away first re-arms the hover when the mouse was already there.
 */
export async function hover(page, target, { attempts = 5, timeout = 4000 } = {}) {
  const widget = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: /\S/ });
  for (let i = 0; i < attempts; i++) {
    await page.mouse.move(2, 2);
    const box = await target.boundingBox();
    if (!box) throw new Error('the hover target is not on screen');
    await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { steps: 4 });
    try {
      await widget.first().waitFor({ state: 'visible', timeout });
      return widget.first();
    } catch {
      /* retry */
    }
  }
  throw new Error('the hover did not show');
}

/**
 * Retries `check` (which throws until the page is in the expected state) every 100 ms until it passes or
 * `timeout` ms have gone by; then rethrows its last error. For measurements of elements that the editor
 * may re-render between two reads.
 */
export async function eventually(check, { timeout = 10000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
