import type { DataProvider, fetchUtils } from 'react-admin';

type HttpClient = (url: string, options?: fetchUtils.Options) => Promise<{ status: number; headers: Headers; body: string; json: unknown }>;
type ProviderFactory = (apiUrl: string, httpClient: HttpClient) => DataProvider;
export type TotalEstimateMeta = { totalEstimated?: boolean };

export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';

// Big lists answer an estimated total above a limit and say so in X-Total-Estimated. ra-data-simple-rest reads only
// Content-Range, so each getList runs through a provider whose client notes that header for this one call (no shared
// state between concurrent lists) and returns it as `meta.totalEstimated`.
export function withTotalEstimate(apiUrl: string, httpClient: HttpClient, factory: ProviderFactory): DataProvider {
  const base = factory(apiUrl, httpClient);
  return {
    ...base,
    getList: async (resource, params) => {
      let totalEstimated = false;
      const noting: HttpClient = async (url, options) => {
        const res = await httpClient(url, options);
        totalEstimated = res.headers.get(TOTAL_ESTIMATED_HEADER) === 'true';
        return res;
      };
      const result = await factory(apiUrl, noting).getList(resource, params);
      return { ...result, meta: { ...(result.meta as object | undefined), totalEstimated } };
    },
  };
}
