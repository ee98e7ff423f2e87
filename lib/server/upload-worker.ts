// Worker-thread side of ./upload-pool: shapes each upload body it is sent.
import { serveTasks } from "../workers/pool";
import { shapeUpload, type UploadContext, type UploadShaping } from "../ingest/upload";

export interface UploadTask {
  text: string;
  ctx: UploadContext;
}

serveTasks<UploadTask, UploadShaping>(({ text, ctx }) => shapeUpload(text, ctx));
