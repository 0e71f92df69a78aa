// Where the signed-in session lives between page loads. localStorage (not cookies) because the API
// authenticates by bearer token; the refresh token rotates on every use.
export type Role = 'admin' | 'supervisor' | 'caseworker' | 'ngo_staff';
export type SessionUser = {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  officeId: string | null;
  organizationId: string | null;
  locale: 'ky' | 'ru' | 'en';
};
export type Session = { accessToken: string; refreshToken: string; user: SessionUser };

const KEYS = { access: 'kaytuu.accessToken', refresh: 'kaytuu.refreshToken', user: 'kaytuu.user' } as const;

export const session = {
  accessToken: (): string | null => localStorage.getItem(KEYS.access),
  refreshToken: (): string | null => localStorage.getItem(KEYS.refresh),
  user(): SessionUser | null {
    const raw = localStorage.getItem(KEYS.user);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SessionUser;
    } catch {
      return null;
    }
  },
  store(s: Session): void {
    localStorage.setItem(KEYS.access, s.accessToken);
    localStorage.setItem(KEYS.refresh, s.refreshToken);
    localStorage.setItem(KEYS.user, JSON.stringify(s.user));
  },
  clear(): void {
    Object.values(KEYS).forEach((k) => localStorage.removeItem(k));
  },
};
