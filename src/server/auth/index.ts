export { ensureToken, readToken, tokenPath, tokensMatch } from './token.js';
export { installAuth, urlWithoutToken } from './hook.js';
export { TOKEN_COOKIE, readCookie, tokenCookie } from './cookie.js';
export { scopeOf } from './scope.js';
