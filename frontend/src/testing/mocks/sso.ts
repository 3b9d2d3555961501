import { HttpResponse, http } from 'msw';
import type { OidcConfig } from '@/lib/api/types';

/** Single sign-on as the server reports it: off unless a test configures a provider. */
let config: OidcConfig = { enabled: false, button_label: 'single sign-on' };

export function resetSso(): void {
  config = { enabled: false, button_label: 'single sign-on' };
}

export function configureSso(buttonLabel: string): void {
  config = { enabled: true, button_label: buttonLabel };
}

export const ssoHandlers = [http.get('*/api/auth/oidc/', () => HttpResponse.json(config))];
