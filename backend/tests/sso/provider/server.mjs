// A real OpenID Connect provider (the oidc-provider package) for the single sign-on tests.
// Everything comes from the environment the tests set: where to listen, the one client (its id,
// secret and redirect URI) and the accounts with their claims. Its own sign-in and consent pages
// (devInteractions) accept any password for a listed account.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
};

const port = Number(required('PROVIDER_PORT'));
const issuer = required('PROVIDER_ISSUER');
const accounts = JSON.parse(required('PROVIDER_ACCOUNTS'));

// The tests' own key (so they can also sign tokens as this provider would), or one made at start.
const signingKey = process.env.PROVIDER_SIGNING_KEY
  ? JSON.parse(process.env.PROVIDER_SIGNING_KEY)
  : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: required('PROVIDER_CLIENT_ID'),
      client_secret: required('PROVIDER_CLIENT_SECRET'),
      redirect_uris: [required('PROVIDER_REDIRECT_URI')],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    roles: ['roles'],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) {
      return undefined;
    }
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
});

provider.on('server_error', (ctx, error) => console.error('server_error', error));

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
