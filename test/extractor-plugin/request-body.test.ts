import { HttpBadRequestError, isOrchestratorError } from "@fdo/sdk";
import test from "ava";
import { readExportRequest } from "../../plugins/extractor/src/request-body.js";

function failure(body: unknown): { code: string; status: number; field: unknown } {
  try {
    readExportRequest(body);
  } catch (error) {
    if (isOrchestratorError(error)) return { code: error.code, status: error.status, field: error.details?.["field"] };
    throw error;
  }
  throw new Error("accepted");
}

test("no body, an empty object or array, and empty fields ask for nothing", (t) => {
  for (const body of [undefined, null, {}, [], { path: "", filename: null }]) t.deepEqual(readExportRequest(body), { path: undefined, filename: undefined });
  t.deepEqual(readExportRequest({ path: "/exports/team/", filename: "staff", other: 1 }), { path: "/exports/team/", filename: "staff" });
});

test("a field that is not a string is a 400 naming it; a body that is not an object is a 400", (t) => {
  t.deepEqual(failure({ path: ["a"] }), { code: "FDO_ERR_EXTRACTOR_PATH_INVALID", status: 400, field: "path" });
  t.deepEqual(failure({ filename: 7 }), { code: "FDO_ERR_EXTRACTOR_PATH_INVALID", status: 400, field: "filename" });
  t.deepEqual(failure("team"), { code: HttpBadRequestError.code, status: 400, field: undefined });
  t.deepEqual(failure([1]), { code: HttpBadRequestError.code, status: 400, field: undefined });
});
