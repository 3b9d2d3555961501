import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

const SCREENS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test-results',
  'screens',
);

/** Fails on serious or critical axe-core violations, listing them readably. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious, `axe-core violations on ${page.url()}`).toEqual([]);
}

/** A full-page screenshot under test-results/screens/, suffixed with the project for phones. */
export async function saveScreen(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const suffix = testInfo.project.name === 'desktop' ? '' : `-${testInfo.project.name}`;
  await page.screenshot({ path: path.join(SCREENS_DIR, `${screen}${suffix}.png`), fullPage: true });
}

/**
 * Has every page of this test record the Content-Security-Policy violations it reports, so
 * `policyViolations` can prove the web app runs under the server's policy (no inline script,
 * no stray origin). Call it before the first navigation.
 */
export async function recordPolicyViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __policyViolations: string[] }).__policyViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
}

/** The violations the current page has reported since it loaded. */
export function policyViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __policyViolations?: string[] }).__policyViolations ?? [],
  );
}

/** No serious accessibility violation, no blocked resource, no sideways scrolling; then a screenshot. */
export async function expectScreenOk(
  page: Page,
  testInfo: TestInfo,
  screen: string,
): Promise<void> {
  await expectNoSeriousA11yViolations(page);
  expect(await policyViolations(page), `${screen} broke the Content-Security-Policy`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${screen} scrolls sideways`).toBeLessThanOrEqual(0);
  await saveScreen(page, testInfo, screen);
}
