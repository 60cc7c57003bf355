package io.cutover.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Every Spark job of a run with its description (what the audit said it was doing), the line of code that
 * triggered it, its wall time and its tasks' summed executor run time: where a slow run spends its time.
 */
final class JobTimes extends SparkListener {
    record Job(int id, String description, String callSite, long startMillis, long endMillis, int stages, long taskMillis) {
        double seconds() {
            return (endMillis - startMillis) / 1e3;
        }
    }

    private final Map<Integer, Job> jobs = new LinkedHashMap<>();
    private final Map<Integer, Integer> jobOfStage = new LinkedHashMap<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        Properties p = start.properties();
        String description = p == null ? null : p.getProperty("spark.job.description");
        // The result stage (the job's last) is named after the call that triggered the job.
        String callSite = null;
        int last = -1;
        scala.collection.Iterator<StageInfo> infos = start.stageInfos().iterator();
        while (infos.hasNext()) {
            StageInfo info = infos.next();
            if (info.stageId() > last) {
                last = info.stageId();
                callSite = info.name();
            }
        }
        int stages = start.stageIds().size();
        scala.collection.Iterator<Object> ids = start.stageIds().iterator();
        while (ids.hasNext()) {
            jobOfStage.put((Integer) ids.next(), start.jobId());
        }
        jobs.put(start.jobId(), new Job(start.jobId(), description == null ? "" : description, callSite == null ? "" : callSite, start.time(), -1, stages, 0));
        notifyAll();
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
        Integer jobId = jobOfStage.get(completed.stageInfo().stageId());
        Job j = jobId == null ? null : jobs.get(jobId);
        if (j != null && completed.stageInfo().taskMetrics() != null) {
            long run = completed.stageInfo().taskMetrics().executorRunTime();
            jobs.put(j.id(), new Job(j.id(), j.description(), j.callSite(), j.startMillis(), j.endMillis(), j.stages(), j.taskMillis() + run));
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        Job j = jobs.get(end.jobId());
        if (j != null) {
            jobs.put(j.id(), new Job(j.id(), j.description(), j.callSite(), j.startMillis(), end.time(), j.stages(), j.taskMillis()));
        }
        notifyAll();
    }

    synchronized void reset() {
        jobs.clear();
        jobOfStage.clear();
    }

    /** The jobs seen since the last reset, waiting (a few seconds at most) for the listener bus to deliver their ends. */
    synchronized List<Job> finished() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (jobs.values().stream().anyMatch(j -> j.endMillis() < 0) && System.currentTimeMillis() < deadline) {
            wait(200);
        }
        return new ArrayList<>(jobs.values());
    }
}
