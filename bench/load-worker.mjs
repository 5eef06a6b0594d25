// Runs autocannon in its own thread so the load generator does not share the app's event loop.
// Plain JavaScript: worker threads do not go through tsx. Loopback addresses only.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, connections, duration, headers } = workerData;
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/.test(url))
  throw new Error(`not loopback: ${url}`);
const latencies = [];
let started = performance.now();
// Inside a worker thread autocannon hands back raw histograms, so the rates are counted here.
const instance = autocannon({ url, connections, duration, headers }, (err, result) => {
  if (err) throw err;
  parentPort.postMessage({
    requestsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    total: latencies.length,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    latencies,
  });
});
instance.on('start', () => {
  started = performance.now();
});
instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
