import { defaultLightTheme } from 'react-admin';
import { KeyboardDataTableBody } from '../shared/KeyboardRows';

type AriaOwner = { 'aria-label'?: string };

// react-admin's light theme with colours dark enough for text on white and for white text on them (WCAG AA 4.5:1,
// checked by axe-core in the console walk): its app bar blue (#2196f3) gives 3.1:1 under white text, MUI's
// primary 4.4:1 on the page's grey, info 3.9:1 and warning 3.1:1 on white.
export const theme = {
  ...defaultLightTheme,
  palette: {
    ...defaultLightTheme.palette,
    primary: { main: '#1565c0' },
    secondary: { light: '#5e92f3', main: '#0d47a1', dark: '#002171', contrastText: '#fff' },
    info: { main: '#01579b' },
    success: { main: '#1b5e20' },
    warning: { main: '#a84300' },
    error: { main: '#c62828' },
  },
  components: {
    ...defaultLightTheme.components,
    // rows that open a record on a click open it with Enter too (shared/KeyboardRows.tsx)
    RaDataTable: { defaultProps: { body: KeyboardDataTableBody } },
    // a form's bottom toolbar on light grey (react-admin's #e0e0e0 leaves red and blue text buttons under 4.5:1)
    RaToolbar: { styleOverrides: { root: { backgroundColor: '#f5f5f5' } } },
    // react-admin's stock "No results yet" at half opacity is 2.6:1 on white
    RaEmpty: { styleOverrides: { root: { '& .RaEmpty-message': { opacity: 0.75 } } } },
    // A checkbox's aria-label names its input, not the span around it: react-admin's row checkbox ("Select this row")
    // passes it as a plain prop, which MUI puts on the span, leaving the input unnamed for screen readers.
    MuiCheckbox: {
      defaultProps: {
        slotProps: {
          root: (owner: AriaOwner) => (owner['aria-label'] ? { 'aria-label': undefined } : {}),
          input: (owner: AriaOwner) => (owner['aria-label'] ? { 'aria-label': owner['aria-label'] } : {}),
        },
      },
    },
  },
};
