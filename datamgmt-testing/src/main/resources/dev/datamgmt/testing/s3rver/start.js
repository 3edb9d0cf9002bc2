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
// s3rver lets some filesystem races escape as unhandled errors (a folder pruned on delete while another request
// writes into it); one failed request must not take the whole test server down.
process.on('uncaughtException', err => console.error('s3rver: uncaught error (server keeps running): ' + err));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
