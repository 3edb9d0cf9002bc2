// Started by dev.datamgmt.testing.S3rverServer: s3rver on 127.0.0.1 and a free port, one bucket, data in argv[2].
// Prints "LISTENING <port>" once ready; exits when its standard input closes (the JVM that started it died).
'use strict';
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
server.run().then(
  addr => console.log('LISTENING ' + addr.port),
  err => {
    console.error('cannot start s3rver: ' + (err && err.stack ? err.stack : err));
    process.exit(1);
  },
);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
