ALTER TYPE account_status ADD VALUE 'shadow_banned' AFTER 'suspended';
