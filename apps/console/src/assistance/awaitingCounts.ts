import { useGetList } from 'react-admin';

// What the approvals menu item counts, apart from the approvals page so the menu (on the first page after the login)
// does not load the assistance pages with it.
const approver = (role: unknown) => role === 'supervisor' || role === 'admin';
export const AWAITING = { filter: { awaitingMyApproval: true }, sort: { field: 'createdAt', order: 'ASC' as const } };

// How many assistance items and 1+1 applications wait for the signed-in user's approval (the server's
// awaitingMyApproval filter: a supervisor's first approval in the office, an admin's second above the threshold, each
// committee member's 1+1 decision; never one's own proposal), from the lists' Content-Range totals.
export const useAwaitingCounts = (role: unknown) => {
  const enabled = approver(role);
  const { total: items = 0 } = useGetList('assistance', { ...AWAITING, pagination: { page: 1, perPage: 1 } }, { enabled });
  const { total: applications = 0 } = useGetList('matching-applications', { ...AWAITING, pagination: { page: 1, perPage: 1 } }, { enabled });
  return enabled ? { items, applications } : { items: 0, applications: 0 };
};
