// An S3-protocol server for the tests (test/support/s3.ts starts this as a child, so a test can kill it mid-upload).
// argv: directory, port (0: any), bucket. Prints "S3RVER_PORT=<port>" once it listens.
const S3rver = require('s3rver');

const [directory, port, bucket] = process.argv.slice(2);
new S3rver({ address: '127.0.0.1', port: Number(port), silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then((addr) => process.stdout.write(`S3RVER_PORT=${addr.port}\n`))
  .catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
