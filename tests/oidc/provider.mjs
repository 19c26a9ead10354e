// A real OpenID provider for the tests: npm `oidc-provider` (package.json), configured like a
// directory-backed identity provider of a public body (Keycloak in production).
//
//   node tests/oidc/provider.mjs '<json config>'
//
// The config (JSON): port, issuer, client {id, secret, redirect_uris, post_logout_redirect_uris},
// service {id, secret} (a client_credentials client acting as a technical account), audiences
// (resource indicators whose access tokens are JWTs), accounts {login: {roles, regions, name}},
// id_token_ttl and access_token_ttl (seconds). It prints "listening <port>" when ready.
//
// Test controls on the same port (loopback only, test tool only):
//   POST /__test/accounts/<login>  {"roles": [...], "regions": [...]}  change a person's claims
//   POST /__test/ttl               {"id_token": s, "access_token": s}    change token lifetimes
//
// Sign-in uses the provider's development interaction (any password); the consent step is
// skipped for the configured clients, as a first-party client is in Keycloak.
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
const accounts = config.accounts ?? {};
const ttl = { id: config.id_token_ttl ?? 60, access: config.access_token_ttl ?? 60 };
const audiences = new Set(config.audiences ?? []);

function claimsOf(login) {
  const account = accounts[login] ?? {};
  return {
    preferred_username: login,
    name: account.name ?? login,
    ...(account.roles !== undefined ? { roles: account.roles } : {}),
    ...(account.regions !== undefined ? { regions: account.regions } : {}),
  };
}

const clients = [
  {
    client_id: config.client.id,
    client_secret: config.client.secret,
    redirect_uris: config.client.redirect_uris,
    post_logout_redirect_uris: config.client.post_logout_redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  },
];
if (config.service) {
  clients.push({
    client_id: config.service.id,
    client_secret: config.service.secret,
    redirect_uris: [],
    response_types: [],
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
}

// Signing keys of this process alone (the package's quick-start keys are the same everywhere).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

const provider = new Provider(config.issuer, {
  clients,
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name', 'roles', 'regions'],
  },
  // Roles and regions in the ID token itself, as a Keycloak claim mapper puts them there.
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    return { accountId: sub, async claims() { return { sub, ...claimsOf(sub) }; } };
  },
  async extraTokenClaims(ctx, token) {
    const login = token.accountId ?? token.clientId;
    const { roles, regions, preferred_username } = claimsOf(login);
    return { roles, regions, preferred_username };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      async getResourceServerInfo(ctx, resource) {
        if (!audiences.has(resource)) throw new errors.InvalidTarget();
        return {
          scope: 'api',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: ttl.access,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  ttl: {
    IdToken: () => ttl.id,
    AccessToken: () => ttl.access,
    ClientCredentials: () => ttl.access,
    Session: 3600,
    Grant: 3600,
    Interaction: 600,
    AuthorizationCode: 60,
  },
  cookies: { keys: ['rrk-triage-test-provider-cookie-key'] },
});

async function body(ctx) {
  let text = '';
  for await (const chunk of ctx.req) text += chunk;
  return text ? JSON.parse(text) : {};
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path.startsWith('/__test/accounts/')) {
    const login = decodeURIComponent(ctx.path.slice('/__test/accounts/'.length));
    accounts[login] = { ...(accounts[login] ?? {}), ...(await body(ctx)) };
    ctx.body = { login, ...claimsOf(login) };
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/__test/ttl') {
    const values = await body(ctx);
    ttl.id = values.id_token ?? ttl.id;
    ttl.access = values.access_token ?? ttl.access;
    ctx.body = ttl;
    return;
  }
  await next();
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
