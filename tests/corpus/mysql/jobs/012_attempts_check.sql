ALTER TABLE jobs ADD CONSTRAINT jobs_attempts_nonnegative CHECK (attempts >= 0);
ALTER TABLE queues ADD CONSTRAINT queues_max_attempts_range CHECK (max_attempts BETWEEN 1 AND 100);
