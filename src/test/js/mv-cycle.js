// Runs the retired service's JavaScript REST client (@azure-rest/ai-anomaly-detector 1.0.0-beta.1, API v1.1)
// against Vigil, unchanged: train -> poll READY -> list -> detect-batch -> poll the result -> detect-last ->
// delete -> get (404). MultivariateJsClientTest starts it and checks the JSON it prints on its last line.
"use strict";
const fs = require("fs");
const AnomalyDetector = require("@azure-rest/ai-anomaly-detector").default;
const { isUnexpected, paginate } = require("@azure-rest/ai-anomaly-detector");
const { AzureKeyCredential } = require("@azure/core-auth");

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function check(step, response) {
  if (isUnexpected(response)) {
    throw new Error(`${step}: unexpected ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response;
}

async function main() {
  const client = AnomalyDetector(env("VIGIL_ENDPOINT"), new AzureKeyCredential(env("VIGIL_KEY")));
  const source = env("MV_SOURCE");
  const out = { statuses: {} };

  const trained = check("train", await client.path("/multivariate/models").post({
    body: {
      dataSource: source, dataSchema: "OneTable", startTime: env("MV_START"), endTime: env("MV_TRAIN_END"),
      slidingWindow: 28, displayName: "js-client",
      alignPolicy: { alignMode: "Outer", fillNAMethod: "Linear", paddingValue: 0 },
    },
    contentType: "application/json",
  }));
  out.statuses.train = trained.status;
  out.location = trained.headers["location"];
  const modelId = trained.body.modelId;
  out.modelId = modelId;

  let model;
  for (let i = 0; i < 300; i++) {
    model = check("get model", await client.path("/multivariate/models/{modelId}", modelId).get());
    if (["READY", "FAILED"].includes(model.body.modelInfo.status)) break;
    await sleep(200);
  }
  out.modelStatus = model.body.modelInfo.status;
  out.variables = model.body.modelInfo.diagnosticsInfo.variableStates.map((s) => s.variable);

  const listed = [];
  const firstPage = check("list", await client.path("/multivariate/models").get({ queryParameters: { skip: 0, top: 2 } }));
  for await (const m of paginate(client, firstPage)) listed.push(m.modelId);
  out.listed = listed.includes(modelId);

  const batch = check("detect-batch", await client.path("/multivariate/models/{modelId}:detect-batch", modelId).post({
    body: { dataSource: source, topContributorCount: 3, startTime: env("MV_DETECT_START"), endTime: env("MV_END") },
    contentType: "application/json",
  }));
  out.statuses.detectBatch = batch.status;
  const resultId = batch.headers["operation-id"];
  out.operationLocation = batch.headers["operation-location"];
  let result;
  for (let i = 0; i < 300; i++) {
    result = check("get result", await client.path("/multivariate/detect-batch/{resultId}", resultId).get());
    if (["READY", "FAILED"].includes(result.body.summary.status)) break;
    await sleep(200);
  }
  out.resultStatus = result.body.summary.status;
  out.results = result.body.results.length;
  out.anomalies = result.body.results.filter((r) => r.value && r.value.isAnomaly)
    .map((r) => ({ timestamp: r.value && r.timestamp, top: r.value.interpretation[0].variable }));

  const last = check("detect-last", await client.path("/multivariate/models/{modelId}:detect-last", modelId).post({
    body: JSON.parse(fs.readFileSync(env("MV_LAST_BODY"), "utf8")),
    contentType: "application/json",
  }));
  out.last = last.body.results.map((r) => ({ timestamp: r.timestamp, isAnomaly: r.value.isAnomaly }));

  const deleted = check("delete", await client.path("/multivariate/models/{modelId}", modelId).delete());
  out.statuses.delete = deleted.status;
  const gone = await client.path("/multivariate/models/{modelId}", modelId).get();
  out.afterDelete = { unexpected: isUnexpected(gone), status: gone.status, code: gone.body.code,
    header: gone.headers["x-ms-error-code"] };
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
