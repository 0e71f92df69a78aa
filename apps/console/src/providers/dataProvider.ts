import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import { API_URL, httpClient } from './httpClient';
import { withTotalEstimate } from './totalEstimate';

// The API speaks the ra-data-simple-rest dialect, so the stock provider is enough; getList also tells whether the
// total is the API's estimate (X-Total-Estimated) in the result's `meta`, for the pagination label.
export const dataProvider: DataProvider = withTotalEstimate(API_URL, httpClient, simpleRestProvider);
