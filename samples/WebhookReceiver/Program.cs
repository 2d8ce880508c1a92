// A webhook receiver for BareMetal: run it, then subscribe it with the same secret, for example
//   curl -X POST http://127.0.0.1:5080/api/webhooks -H 'Content-Type: application/json' \
//     -d '{"url":"http://127.0.0.1:5099/webhooks/baremetal","secret":"a-secret-of-16-chars+"}'
var app = BareMetal.Samples.WebhookReceiver.WebhookReceiverApp.Build(args);
await app.RunAsync();
