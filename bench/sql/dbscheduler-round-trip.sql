\set u random(1, 1000000000)
select * from scheduled_tasks where task_name = 'noop' and task_instance = 'task-' || :u;
insert into scheduled_tasks(task_name, task_instance, task_data, execution_time, picked, version) values('noop', 'task-' || :u, NULL, now(), false, 1 );
 WITH locked_executions as (UPDATE scheduled_tasks st1 SET picked = true, picked_by = 'bench-1', last_heartbeat = now(), version = version + 1  WHERE (st1.task_name, st1.task_instance) IN (SELECT st2.task_name, st2.task_instance FROM scheduled_tasks st2  WHERE picked = false and execution_time <= now()  ORDER BY execution_time ASC  FOR UPDATE SKIP LOCKED  LIMIT 8) RETURNING st1.*)  SELECT * FROM locked_executions  ORDER BY execution_time ASC;
delete from scheduled_tasks where task_name = 'noop' and task_instance = 'task-' || :u and version = 2;
SELECT 1 FROM scheduled_tasks WHERE task_name = 'noop' AND task_instance = 'task-' || :u;
