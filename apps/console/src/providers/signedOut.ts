import { session } from './session';

// A signed-out visit of any page goes straight to the login page, before the app renders, and sign-in then returns to
// that page (react-admin reads nextPathname/nextSearch from the location state). react-admin's own redirect
// (requireAuth's LogoutOnMount) logs out again on every navigation its logout causes: opening a bookmark signed out
// took 10–16 s of such redirects before the login form showed.
export function sendSignedOutToLogin(): void {
  if (session.accessToken() || session.refreshToken()) return;
  const target = window.location.hash.replace(/^#/, '') || '/';
  if (target.startsWith('/login')) return;
  const [pathname, search] = target.split(/\?(.*)/s);
  const state = pathname === '/' && !search ? null : { nextPathname: pathname, nextSearch: search ? `?${search}` : '' };
  // react-router keeps its location state under `usr` in the history entry
  window.history.replaceState({ usr: state, key: 'default', idx: 0 }, '', '#/login');
}
