// The credential lives in sessionStorage: it is gone when the tab closes and is never written to
// a cookie, so no request carries it except those this code sends.
const KEY = 'policyscope.credential';

export function credential(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

export function authHeaders(): Record<string, string> {
  const token = credential();
  return token ? { authorization: `Bearer ${token}` } : {};
}
