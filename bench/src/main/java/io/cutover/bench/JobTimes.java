package io.cutover.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Every Spark job of a run with its description (what the audit said it was doing), the line of
 * code that triggered it, its wall time and its tasks' summed CPU time. Wall time is what a user
 * waits; task CPU time barely moves when other processes share the cores, so it tells a slow run
 * from a busy machine.
 */
final class JobTimes extends SparkListener {
  record Job(
      int id,
      String description,
      String callSite,
      long startMillis,
      long endMillis,
      long taskCpuNanos) {
    double seconds() {
      return (endMillis - startMillis) / 1e3;
    }

    double cpuSeconds() {
      return taskCpuNanos / 1e9;
    }

    Job ended(long millis) {
      return new Job(id, description, callSite, startMillis, millis, taskCpuNanos);
    }

    Job plusCpu(long nanos) {
      return new Job(id, description, callSite, startMillis, endMillis, taskCpuNanos + nanos);
    }
  }

  private final Map<Integer, Job> jobs = new LinkedHashMap<>();
  private final Map<Integer, Integer> jobOfStage = new LinkedHashMap<>();

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    Properties p = start.properties();
    String description = p == null ? null : p.getProperty("spark.job.description");
    // The result stage (the job's last) is named after the call that triggered the job.
    String callSite = "";
    int last = -1;
    scala.collection.Iterator<StageInfo> infos = start.stageInfos().iterator();
    while (infos.hasNext()) {
      StageInfo info = infos.next();
      jobOfStage.put(info.stageId(), start.jobId());
      if (info.stageId() > last) {
        last = info.stageId();
        callSite = info.name();
      }
    }
    jobs.put(
        start.jobId(),
        new Job(
            start.jobId(), description == null ? "" : description, callSite, start.time(), -1, 0));
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
    Integer jobId = jobOfStage.get(completed.stageInfo().stageId());
    TaskMetrics metrics = completed.stageInfo().taskMetrics();
    if (jobId != null && jobs.containsKey(jobId) && metrics != null) {
      jobs.put(jobId, jobs.get(jobId).plusCpu(metrics.executorCpuTime()));
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    Job j = jobs.get(end.jobId());
    if (j != null) {
      jobs.put(j.id(), j.ended(end.time()));
    }
    notifyAll();
  }

  synchronized void reset() {
    jobs.clear();
    jobOfStage.clear();
  }

  /**
   * The jobs seen since the last reset, waiting (a few seconds at most) for the listener bus to
   * deliver their ends.
   */
  synchronized List<Job> finished() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (jobs.values().stream().anyMatch(j -> j.endMillis() < 0)
        && System.currentTimeMillis() < deadline) {
      wait(200);
    }
    return new ArrayList<>(jobs.values());
  }
}
