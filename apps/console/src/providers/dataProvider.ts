import simpleRestProvider from 'ra-data-simple-rest';
import { API_URL, httpClient } from './httpClient';

// The API speaks the ra-data-simple-rest dialect, so the stock provider is enough.
export const dataProvider = simpleRestProvider(API_URL, httpClient);
