import { loadAppConfig, objectStoreSettings } from '../config/app.config';

// The one place that chooses the file store (README "Storage", "Configuration").
describe('objectStoreSettings', () => {
  const base = {
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    JWT_SECRET: 'a-secret-of-sixteen+',
    DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    DATA_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
  };

  it('defaults to the filesystem under ./.data/files, with the documented limits', () => {
    const cfg = loadAppConfig(base);
    expect(cfg.objectStore).toEqual({ kind: 'fs', dir: './.data/files' });
    expect([cfg.fileMaxBytes, cfg.filesPerReturneeMaxBytes]).toEqual([20 * 1024 * 1024, 500 * 1024 * 1024]);
    expect(objectStoreSettings({ FILES_DIR: '/srv/files' })).toEqual({ kind: 'fs', dir: '/srv/files' });
  });

  it('chooses S3 when S3_BUCKET is set, unless FILE_STORE says fs', () => {
    expect(objectStoreSettings({ S3_BUCKET: 'kaytuu-files', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' })).toEqual({
      kind: 's3',
      bucket: 'kaytuu-files',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      forcePathStyle: true,
    });
    expect(objectStoreSettings({ S3_BUCKET: 'b-1', S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({
      kind: 's3',
      forcePathStyle: false,
      accessKeyId: undefined,
    });
    expect(objectStoreSettings({ S3_BUCKET: 'kaytuu-files', FILE_STORE: 'fs' })).toEqual({ kind: 'fs', dir: './.data/files' });
  });

  it('refuses an S3 store without a bucket, half the credentials, or a bad value', () => {
    expect(() => objectStoreSettings({ FILE_STORE: 's3' })).toThrow(/FILE_STORE=s3 needs S3_BUCKET/);
    expect(() => objectStoreSettings({ S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'a' })).toThrow(/both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(() => loadAppConfig({ ...base, FILE_STORE: 'ftp' })).toThrow(/FILE_STORE/);
    expect(() => loadAppConfig({ ...base, S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET: must be a valid bucket name/);
    expect(() => loadAppConfig({ ...base, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT: must be an http\(s\) URL/);
    expect(() => loadAppConfig({ ...base, FILE_MAX_BYTES: '0' })).toThrow(/FILE_MAX_BYTES/);
  });
});
