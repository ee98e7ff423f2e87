// Worker-thread side of ./aggregation-pool: answers each aggregation task it is sent.
import { serveTasks } from "../workers/pool";
import { answerAggregation, type AggregationAnswer, type AggregationTask } from "./aggregation-pool";

serveTasks<AggregationTask, AggregationAnswer>(answerAggregation);
