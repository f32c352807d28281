ALTER TYPE plan_tier ADD VALUE 'team' BEFORE 'enterprise';
