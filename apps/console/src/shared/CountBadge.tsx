import { Badge, type BadgeProps } from '@mui/material';
import type { ReactNode } from 'react';

// A count on an icon (unread notifications, overdue tasks, closures waiting), hidden from screen readers (the control
// it sits on says the count in words). With nothing to count there is no badge at all: MUI keeps showing the last
// number, scaled to nothing, while a badge hides, and that stale "3" is then part of the control's visible text.
// Counts past 99 read 99+, so the icon keeps its size.
export const CountBadge = ({ count, color, testId, children }: { count: number; color: BadgeProps['color']; testId: string; children: ReactNode }) =>
  count > 0 ? (
    <Badge badgeContent={count} max={99} color={color} slotProps={{ badge: { 'data-testid': testId, 'aria-hidden': true } as Record<string, unknown> }}>
      {children}
    </Badge>
  ) : (
    <>{children}</>
  );
